/*
 * glossary.h - the closing section of the summaries: one line per test
 * and per column or symbol a summary uses, in plain words.
 */
#ifndef DI_GLOSSARY_H
#define DI_GLOSSARY_H

#include <stdio.h>

enum { DI_GLOSSARY_RUN, DI_GLOSSARY_MOVES };

/* "== Glossary" and its lines, for the run or the moves summary. */
void di_glossary_write(FILE *f, int which);

#endif
