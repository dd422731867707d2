# manspec.cmake - one source per command (docs/man/*.md) for its man page, the
# shell completions and the test that the tool's --help documents the same
# options. Run with cmake -P:
#
#   -DMODE=man   -DSPEC=docs/man/defimpact-run.md -DOUT=defimpact-run.1 -DVERSION=0.1.0
#   -DMODE=bash  -DSPEC_DIR=docs/man -DOUT=defimpact      (bash-completion file)
#   -DMODE=zsh   -DSPEC_DIR=docs/man -DOUT=_defimpact     (zsh completion function)
#   -DMODE=check -DSPEC_DIR=docs/man -DBIN=build/defimpact (exit 1 on a difference)
#
# The spec format (a small subset of markdown, see docs/man/README.md):
#   # NAME(1) -- SUMMARY          the title line
#   ## SECTION                    a section
#   `--opt` *ARG*                 a definition term (an option, or a command in
#   : first line of its text      the COMMANDS section of defimpact.md), its text
#     more lines, indented        continued by indented lines
#   ```                           a literal block, up to the next ```
#   `code` and *VAR* inline; other lines are paragraphs, blank lines end them.
# ARG forms: PLACEHOLDER (FILE, PATH and DIR complete file names),
# a|b|c (an enumeration; UPPERCASE items are placeholders), a|b|c[,...] (a
# comma-separated list of those values). "Repeatable" in the text marks an
# option that may be given more than once.
cmake_minimum_required(VERSION 3.18)

# The file as a list of lines. ';' '[' ']' would be list syntax: hidden
# behind placeholders until the output is written.
function(di_read_lines file outvar)
  file(READ "${file}" text)
  di_text_lines("${text}" lines)
  set(${outvar} "${lines}" PARENT_SCOPE)
endfunction()

function(di_text_lines text outvar)
  string(REPLACE ";" "@SC@" text "${text}")
  string(REPLACE "[" "@LB@" text "${text}")
  string(REPLACE "]" "@RB@" text "${text}")
  string(REPLACE "\\" "@BS@" text "${text}")
  string(REGEX REPLACE "\n$" "" text "${text}")
  string(REPLACE "\n" "@NL@;" text "${text}")
  set(${outvar} "${text}@NL@" PARENT_SCOPE)
endfunction()

function(di_unhide text outvar)
  string(REPLACE "@SC@" ";" text "${text}")
  string(REPLACE "@LB@" "[" text "${text}")
  string(REPLACE "@RB@" "]" text "${text}")
  string(REPLACE "@BS@" "\\" text "${text}")
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()

# ---- roff ------------------------------------------------------------------

# `code` -> bold, *var* -> italic; '-' in them becomes '\-' (a real minus:
# what the user types), a backslash '\e', a leading '.' or "'" is guarded.
function(di_roff_inline s outvar)
  string(REPLACE "@BS@" "\\e" s "${s}")
  set(out "")
  while(TRUE)
    if(s MATCHES "^([^`*]*)`([^`]*)`(.*)$")
      set(font B)
    elseif(s MATCHES "^([^`*]*)\\*([^* ][^*]*)\\*(.*)$")
      set(font I)
    elseif(s MATCHES "^([^`*]*)\\*(.*)$")
      string(APPEND out "${CMAKE_MATCH_1}*")
      set(s "${CMAKE_MATCH_2}")
      continue()
    else()
      break()
    endif()
    set(pre "${CMAKE_MATCH_1}")
    set(span "${CMAKE_MATCH_2}")
    set(s "${CMAKE_MATCH_3}")
    string(REPLACE "-" "\\-" span "${span}")
    string(APPEND out "${pre}\\f${font}${span}\\fR")
  endwhile()
  string(APPEND out "${s}")
  if(out MATCHES "^[.']")
    set(out "\\&${out}")
  endif()
  set(${outvar} "${out}" PARENT_SCOPE)
endfunction()

function(di_man spec out version)
  di_read_lines("${spec}" lines)
  set(roff "")
  set(in_code FALSE)
  set(need_pp FALSE)
  foreach(l IN LISTS lines)
    string(REGEX REPLACE "@NL@$" "" l "${l}")
    if(in_code)
      if(l STREQUAL "```")
        string(APPEND roff ".fi\n.RE\n")
        set(in_code FALSE)
      else()
        string(REPLACE "@BS@" "\\e" l "${l}")
        string(REPLACE "-" "\\-" l "${l}")
        if(l MATCHES "^[.']")
          set(l "\\&${l}")
        endif()
        string(APPEND roff "${l}\n")
      endif()
    elseif(l MATCHES "^# ([^(]+)\\(([0-9])\\) -- (.*)$")
      set(name "${CMAKE_MATCH_1}")
      string(TOUPPER "${name}" uname)
      string(REPLACE "-" "\\-" rname "${name}")
      string(APPEND roff ".\\\" Generated from ${name}.md by cmake/manspec.cmake: edit that file.\n"
        ".TH \"${uname}\" \"${CMAKE_MATCH_2}\" \"\" \"defimpact ${version}\" \"defimpact manual\"\n"
        ".SH NAME\n${rname} \\- ${CMAKE_MATCH_3}\n")
    elseif(l MATCHES "^## (.*)$")
      string(APPEND roff ".SH ${CMAKE_MATCH_1}\n")
      set(need_pp FALSE)
    elseif(l STREQUAL "```")
      string(APPEND roff ".PP\n.RS 4\n.nf\n")
      set(in_code TRUE)
      set(need_pp FALSE)
    elseif(l STREQUAL "")
      set(need_pp TRUE)
    elseif(l MATCHES "^`-" OR l MATCHES "^`[a-z]+`$")
      di_roff_inline("${l}" r)
      string(APPEND roff ".TP\n${r}\n")
      set(need_pp FALSE)
    elseif(l MATCHES "^: (.*)$")
      di_roff_inline("${CMAKE_MATCH_1}" r)
      string(APPEND roff "${r}\n")
    elseif(l MATCHES "^  +(.*)$")
      di_roff_inline("${CMAKE_MATCH_1}" r)
      string(APPEND roff "${r}\n")
    else()
      if(need_pp)
        string(APPEND roff ".PP\n")
        set(need_pp FALSE)
      endif()
      di_roff_inline("${l}" r)
      string(APPEND roff "${r}\n")
    endif()
  endforeach()
  di_unhide("${roff}" roff)
  file(WRITE "${out}" "${roff}")
endfunction()

# ---- the options of a spec -----------------------------------------------------

# Sets in the caller: <p>_CMD (the command; empty for defimpact.md), <p>_SUMMARY,
# <p>_OPTS (long options, in order), <p>_CMDS (the commands of defimpact.md),
# and for each option or command X: <p>_ARG_X, <p>_DESC_X (its first
# sentence), <p>_REP_X (1 when repeatable).
function(di_spec_parse spec p)
  di_read_lines("${spec}" lines)
  set(cmd "")
  set(opts "")
  set(cmds "")
  set(cur "")
  set(in_code FALSE)
  foreach(l IN LISTS lines)
    string(REGEX REPLACE "@NL@$" "" l "${l}")
    if(l STREQUAL "```")
      if(in_code)
        set(in_code FALSE)
      else()
        set(in_code TRUE)
      endif()
      continue()
    endif()
    if(in_code)
      continue()
    endif()
    if(l MATCHES "^# defimpact(-([a-z]+))?\\([0-9]\\) -- (.*)$")
      set(cmd "${CMAKE_MATCH_2}")
      set(${p}_SUMMARY "${CMAKE_MATCH_3}" PARENT_SCOPE)
    elseif(l MATCHES "^`([a-z]+)`$")
      set(cur "${CMAKE_MATCH_1}")
      list(APPEND cmds "${cur}")
      set(${p}_ARG_${cur} "" PARENT_SCOPE)
    elseif(l MATCHES "^`-")
      # every `-x`/`--xx` of the term; the long one names the option
      set(cur "")
      set(rest "${l}")
      while(rest MATCHES "^[ ,]*`(-[-a-z0-9]*)`(.*)$")
        set(one "${CMAKE_MATCH_1}")
        set(rest "${CMAKE_MATCH_2}")
        if(one MATCHES "^--")
          set(cur "${one}")
        endif()
      endwhile()
      if(cur STREQUAL "")
        message(FATAL_ERROR "${spec}: no long option in '${l}'")
      endif()
      string(STRIP "${rest}" arg)
      string(REPLACE "*" "" arg "${arg}")
      list(APPEND opts "${cur}")
      set(${p}_ARG_${cur} "${arg}" PARENT_SCOPE)
      set(${p}_REP_${cur} 0 PARENT_SCOPE)
    elseif(cur AND l MATCHES "^: (.*)$")
      set(body_${cur} "${CMAKE_MATCH_1}")
    elseif(cur AND l MATCHES "^  +(.*)$")
      string(APPEND body_${cur} " ${CMAKE_MATCH_1}")
    elseif(NOT l MATCHES "^  ")
      set(cur "")
    endif()
  endforeach()
  # the first sentence of each text describes it in the completions
  foreach(x IN LISTS opts cmds)
    set(d "${body_${x}}")
    if(d MATCHES "Repeatable")
      set(${p}_REP_${x} 1 PARENT_SCOPE)
    endif()
    string(REGEX REPLACE "\\. .*$" "" d "${d}")
    string(REGEX REPLACE "[.:]$" "" d "${d}")
    string(REGEX REPLACE "[`*]" "" d "${d}")
    set(${p}_DESC_${x} "${d}" PARENT_SCOPE)
  endforeach()
  set(${p}_CMD "${cmd}" PARENT_SCOPE)
  set(${p}_OPTS "${opts}" PARENT_SCOPE)
  set(${p}_CMDS "${cmds}" PARENT_SCOPE)
endfunction()

# What completes an option's value: KIND (flag, enum, list, file, dir, free)
# and VALUES (the enumerated values).
function(di_arg_kind arg kindvar valvar)
  set(kind free)
  set(vals "")
  if(arg STREQUAL "")
    set(kind flag)
  elseif(arg MATCHES "\\|")
    set(kind enum)
    if(arg MATCHES "@LB@,\\.\\.\\.@RB@$")
      set(kind list)
      string(REGEX REPLACE "@LB@,\\.\\.\\.@RB@$" "" arg "${arg}")
    endif()
    string(REPLACE "|" ";" items "${arg}")
    foreach(v IN LISTS items)
      if(v MATCHES "^[a-z0-9][-a-z0-9]*$")
        list(APPEND vals "${v}")
      endif()
    endforeach()
  elseif(arg MATCHES "^(PATH|FILE)$")
    set(kind file)
  elseif(arg STREQUAL "DIR")
    set(kind dir)
  endif()
  set(${kindvar} "${kind}" PARENT_SCOPE)
  string(REPLACE ";" " " vals "${vals}")
  set(${valvar} "${vals}" PARENT_SCOPE)
endfunction()

function(di_specs dir outvar)
  file(GLOB specs "${dir}/defimpact*.md")
  list(SORT specs)
  set(${outvar} "${specs}" PARENT_SCOPE)
endfunction()

# ---- bash ----------------------------------------------------------------------

function(di_bash dir out)
  di_specs("${dir}" specs)
  set(cases "")
  set(optlists "")
  foreach(spec IN LISTS specs)
    di_spec_parse("${spec}" S)
    if(S_CMD STREQUAL "")
      string(REPLACE ";" " " top "${S_CMDS}")
      continue()
    endif()
    string(REPLACE ";" " " ol "${S_OPTS}")
    string(APPEND optlists "\t${S_CMD}) opts=\"${ol}\" ;;\n")
    foreach(o IN LISTS S_OPTS)
      di_arg_kind("${S_ARG_${o}}" kind vals)
      if(kind STREQUAL "flag")
        continue()
      endif()
      string(APPEND cases "\t\"${S_CMD} ${o}\") _defimpact_value ${kind} \"${vals}\"; return ;;\n")
    endforeach()
  endforeach()
  set(text "# bash completion for defimpact(1).
# Generated from docs/man/*.md by cmake/manspec.cmake: edit those files.

# Complete the value in \$val (after \$pre) by its kind: enum, list, file, dir, free.
_defimpact_value()
{
	local kind=\$1 values=\$2
	case \$kind in
	enum) COMPREPLY=(\$(compgen -P \"\$pre\" -W \"\$values\" -- \"\$val\")) ;;
	list)
		local head=
		[[ \$val == *,* ]] && head=\${val%,*},
		COMPREPLY=(\$(compgen -P \"\$pre\$head\" -W \"\$values\" -- \"\${val##*,}\"))
		compopt -o nospace 2>/dev/null ;;
	file) compopt -o filenames 2>/dev/null; COMPREPLY=(\$(compgen -f -- \"\$val\")) ;;
	dir) compopt -o filenames 2>/dev/null; COMPREPLY=(\$(compgen -d -- \"\$val\")) ;;
	*) COMPREPLY=() ;;
	esac
}

_defimpact()
{
	local cur=\${COMP_WORDS[COMP_CWORD]} prev= cword=\$COMP_CWORD
	local -a words=(\"\${COMP_WORDS[@]}\")
	[[ \$cword -gt 0 ]] && prev=\${COMP_WORDS[cword-1]}
	if [[ \$cword -le 1 ]]; then
		COMPREPLY=(\$(compgen -W \"${top} --help --version\" -- \"\$cur\"))
		return
	fi
	local cmd=\${words[1]} opt=\$prev val=\$cur pre= opts=
	# --opt=VALUE: one word when '=' is not a word break, three when it is
	if [[ \$cur == --*=* ]]; then
		opt=\${cur%%=*} val=\${cur#*=} pre=\$opt=
	elif [[ \$cur == = && \$cword -gt 1 ]]; then
		opt=\${words[cword-1]} val=
	elif [[ \$prev == = && \$cword -gt 2 ]]; then
		opt=\${words[cword-2]}
	fi
	case \"\$cmd \$opt\" in
${cases}	esac
	case \$cmd in
${optlists}	*) return ;;
	esac
	if [[ \$cur == -* ]]; then
		COMPREPLY=(\$(compgen -W \"\$opts --help\" -- \"\$cur\"))
	elif [[ \$cmd == diff ]]; then
		compopt -o filenames 2>/dev/null
		COMPREPLY=(\$(compgen -f -- \"\$cur\"))
	else
		compopt -o filenames 2>/dev/null
		COMPREPLY=(\$(compgen -d -- \"\$cur\") \$(compgen -f -X '!*.ini' -- \"\$cur\"))
	fi
}
complete -F _defimpact defimpact
")
  di_unhide("${text}" text)
  file(WRITE "${out}" "${text}")
endfunction()

# ---- zsh -----------------------------------------------------------------------

function(di_zsh_desc d outvar)
  string(REPLACE "@SC@" "," d "${d}")
  string(REGEX REPLACE "@LB@|@RB@|@BS@|:" "" d "${d}")
  string(REPLACE "'" "'\\''" d "${d}")
  set(${outvar} "${d}" PARENT_SCOPE)
endfunction()

function(di_zsh dir out)
  di_specs("${dir}" specs)
  set(cmdlist "")
  set(cases "")
  foreach(spec IN LISTS specs)
    di_spec_parse("${spec}" S)
    if(S_CMD STREQUAL "")
      foreach(c IN LISTS S_CMDS)
        di_zsh_desc("${S_DESC_${c}}" d)
        string(APPEND cmdlist "\t\t'${c}:${d}'\n")
      endforeach()
      continue()
    endif()
    set(args "")
    foreach(o IN LISTS S_OPTS)
      if(o STREQUAL "--help")
        continue()
      endif()
      di_zsh_desc("${S_DESC_${o}}" d)
      di_arg_kind("${S_ARG_${o}}" kind vals)
      set(star "")
      if(S_REP_${o})
        set(star "*")
      endif()
      string(REGEX REPLACE "^--" "" what "${o}")
      if(kind STREQUAL "flag")
        string(APPEND args "\t\t\t'${star}${o}[${d}]' \\\n")
      elseif(kind STREQUAL "enum")
        string(APPEND args "\t\t\t'${star}${o}=[${d}]:${what}:(${vals})' \\\n")
      elseif(kind STREQUAL "list")
        string(APPEND args "\t\t\t'${star}${o}=[${d}]:${what}:_sequence compadd - ${vals}' \\\n")
      elseif(kind STREQUAL "file")
        string(APPEND args "\t\t\t'${star}${o}=[${d}]:${what}:_files' \\\n")
      elseif(kind STREQUAL "dir")
        string(APPEND args "\t\t\t'${star}${o}=[${d}]:${what}:_files -/' \\\n")
      else()
        string(APPEND args "\t\t\t'${star}${o}=[${d}]:${what}: ' \\\n")
      endif()
    endforeach()
    if(S_CMD STREQUAL "diff")
      string(APPEND args "\t\t\t'1:expected report file or folder:_files' \\\n"
                         "\t\t\t'2:actual report file or folder:_files' \\\n")
    else()
      string(APPEND args "\t\t\t'1:study file:_files -g \"*.ini\"' \\\n")
    endif()
    string(APPEND cases "\t\t${S_CMD})\n\t\t\t_arguments \\\n"
      "\t\t\t'(- *)'{-h,--help}'[print the options]' \\\n${args}\t\t\t&& ret=0 ;;\n")
  endforeach()
  set(text "#compdef defimpact
# zsh completion for defimpact(1).
# Generated from docs/man/*.md by cmake/manspec.cmake: edit those files.

_defimpact() {
	local curcontext=\$curcontext state line ret=1
	local -a commands=(
${cmdlist}	)
	_arguments -C \\
		'(- :)'{-h,--help}'[print the commands]' \\
		'(- :)--version[print the version]' \\
		'1:command:->command' \\
		'*::argument:->argument' && ret=0
	case \$state in
	command)
		_describe -t commands 'defimpact command' commands && ret=0 ;;
	argument)
		curcontext=\${curcontext%:*:*}:defimpact-\$words[1]:
		case \$words[1] in
${cases}		esac ;;
	esac
	return ret
}

_defimpact \"\$@\"
")
  di_unhide("${text}" text)
  file(WRITE "${out}" "${text}")
endfunction()

# ---- check: the tool's --help against the specs ---------------------------------

# The long options a --help prints at the start of a line ("  --prices PATH ..."),
# or for the top level the commands of its "commands:" list.
function(di_help_items help top outvar)
  di_text_lines("${help}" lines)
  set(items "")
  set(in_cmds FALSE)
  foreach(l IN LISTS lines)
    string(REGEX REPLACE "@NL@$" "" l "${l}")
    if(top)
      if(l MATCHES "^commands:")
        set(in_cmds TRUE)
      elseif(l STREQUAL "")
        set(in_cmds FALSE)
      elseif(in_cmds AND l MATCHES "^  +([a-z]+) ")
        list(APPEND items "${CMAKE_MATCH_1}")
      endif()
    elseif(l MATCHES "^ +(--[a-z][-a-z0-9]*)")
      list(APPEND items "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  set(${outvar} "${items}" PARENT_SCOPE)
endfunction()

function(di_check dir bin)
  di_specs("${dir}" specs)
  set(pending "")
  if(EXISTS "${dir}/pending-options.txt")
    file(STRINGS "${dir}/pending-options.txt" plines REGEX "^[a-z]")
    foreach(pl IN LISTS plines)
      string(STRIP "${pl}" pl)
      string(REPLACE " " "/" pl "${pl}")
      list(APPEND pending "${pl}")
    endforeach()
  endif()
  set(bad 0)
  foreach(spec IN LISTS specs)
    di_spec_parse("${spec}" S)
    get_filename_component(sname "${spec}" NAME)
    if(S_CMD STREQUAL "")
      execute_process(COMMAND "${bin}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
      di_help_items("${help}" TRUE got)
      set(want "${S_CMDS}")
      set(scope "")
      set(what "command")
    else()
      execute_process(COMMAND "${bin}" ${S_CMD} --help OUTPUT_VARIABLE help
                      ERROR_VARIABLE err RESULT_VARIABLE rc)
      if("${S_CMD}/*" IN_LIST pending)
        if(rc EQUAL 0)
          message("FAIL ${sname}: 'defimpact ${S_CMD}' exists now: delete '${S_CMD} *' from ${dir}/pending-options.txt")
          math(EXPR bad "${bad} + 1")
        else()
          message("pending ${sname}: no command '${S_CMD}' yet")
        endif()
        continue()
      endif()
      if(NOT rc EQUAL 0)
        message("FAIL ${sname}: 'defimpact ${S_CMD} --help' exited ${rc}: ${err}")
        math(EXPR bad "${bad} + 1")
        continue()
      endif()
      di_help_items("${help}" FALSE got)
      set(want "${S_OPTS}")
      list(REMOVE_ITEM want --help)
      set(scope "${S_CMD}")
      set(what "option")
    endif()
    foreach(o IN LISTS got)
      if(NOT o IN_LIST want)
        message("FAIL ${sname}: ${what} ${o} is in 'defimpact ${scope} --help' but not in the man page source")
        math(EXPR bad "${bad} + 1")
      endif()
    endforeach()
    foreach(o IN LISTS want)
      if(o IN_LIST got)
        if("${scope}/${o}" IN_LIST pending OR (scope STREQUAL "" AND "${o}/*" IN_LIST pending))
          message("FAIL ${sname}: ${what} ${o} is in --help now: delete it from ${dir}/pending-options.txt")
          math(EXPR bad "${bad} + 1")
        endif()
      elseif("${scope}/${o}" IN_LIST pending OR (scope STREQUAL "" AND "${o}/*" IN_LIST pending))
        message("pending ${sname}: ${what} ${o}")
      else()
        message("FAIL ${sname}: ${what} ${o} is documented but not in 'defimpact ${scope} --help'")
        math(EXPR bad "${bad} + 1")
      endif()
    endforeach()
    list(LENGTH got n)
    message("${sname}: ${n} ${what}s of --help checked")
  endforeach()
  if(bad GREATER 0)
    message(FATAL_ERROR "${bad} differences between --help and docs/man")
  endif()
endfunction()

if(MODE STREQUAL "man")
  di_man("${SPEC}" "${OUT}" "${VERSION}")
elseif(MODE STREQUAL "bash")
  di_bash("${SPEC_DIR}" "${OUT}")
elseif(MODE STREQUAL "zsh")
  di_zsh("${SPEC_DIR}" "${OUT}")
elseif(MODE STREQUAL "check")
  di_check("${SPEC_DIR}" "${BIN}")
else()
  message(FATAL_ERROR "manspec.cmake: MODE must be man, bash, zsh or check")
endif()
