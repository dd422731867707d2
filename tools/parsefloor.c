/*
 * parsefloor.c - the floor of scripts/bench (not installed): parses a CSV
 * file with libcsv and converts every field but the first of each record
 * with strtod, and does nothing else. What defimpact costs beyond this is
 * the cost of its own work.
 *
 *   parsefloor FILE
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct acc {
	char tmp[128];
	size_t field;    /* index of the field in its record */
	double sum;
	unsigned long nnum;
} acc;

static void on_field(void *data, size_t n, void *ud)
{
	acc *a = ud;
	if (a->field++ == 0 || n >= sizeof(a->tmp))
		return;
	memcpy(a->tmp, data, n);
	a->tmp[n] = '\0';
	a->sum += strtod(a->tmp, NULL);
	a->nnum++;
}

static void on_record(int c, void *ud)
{
	(void)c;
	((acc *)ud)->field = 0;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	struct csv_parser p;
	acc a = {{0}, 0, 0, 0};
	FILE *f;
	size_t got;

	if (argc != 2) {
		fputs("usage: parsefloor FILE\n", stderr);
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		return perror(argv[1]), 1;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, got, on_field, on_record, &a) != got)
			return fprintf(stderr, "parsefloor: %s\n",
				       csv_strerror(csv_error(&p))), 1;
	csv_fini(&p, on_field, on_record, &a);
	csv_free(&p);
	fclose(f);
	printf("%lu numbers, sum %.6e\n", a.nnum, a.sum);
	return 0;
}
