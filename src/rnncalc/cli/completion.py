"""Shell completion: static bash, zsh and fish scripts written from the command table (cli/table.py).

shtab's model: a TAB starts no Python. Every command, option, description and value is written
into the scripts by ``python -m rnncalc.generate``, with a few lines of each shell's own code
that read the words typed so far as click reads them when it completes (the group's options,
then the command the first other word names; its options and argument in any order; ``-abc``
bundled switches, ``-cVALUE`` and ``--opt=VALUE``; an unknown option ends the reading, keeping
what was read), and answer in click's order of questions:

- a word starting with ``-`` (no ``--`` typed before it): the option names not yet given, each
  described by its help (zsh and fish show descriptions; a negative name by what it does);
- after an option that takes a value (``--opt=par`` too): its values; inside a comma list
  (``-F keras,py``) the rest of the list;
- the command's argument, if not yet given (schema's NAME; check's FILE offers nothing);
- else, at ``rnncalc`` itself, the command names, described by their short help.

Where nothing is offered, each shell completes file names, as typer's scripts did: check's
FILE, --spec FILE, and anything else without values.

zsh: the file is autoloaded from $fpath as ``_rnncalc`` (how the README installs it) or
sourced. Autoloaded, its body is run on the first TAB, so it registers the completion function
for the TABs to come and also completes that first TAB (registering alone left the first TAB in
every new shell with nothing).

Build-time code: nothing imports this module on a TAB (the scripts run no Python).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from rnncalc.model import knobs
from rnncalc.cli.table import COMMANDS, PROG, Command, Option

__all__ = ["FILES", "GROUP", "HELP", "NEGATIVE_HELP", "script", "write"]

#: shell -> file name, as each shell's completion directories expect it.
FILES = {"bash": "rnncalc.bash", "zsh": "_rnncalc", "fish": "rnncalc.fish"}

#: What the negative name of each --x/--no-x switch pair does, as the knobs declare it.
NEGATIVE_HELP = {knob.negative: knob.negative_help for knob in (*knobs.SPEC, *knobs.RUN)
                 if knob.negative and knob.negative_help}

#: click's help option, as the app names it (context_settings' help_option_names); every
#: command and rnncalc itself have it. A test holds it to the app's.
HELP = Option("help", "--help", "Show this message and exit.", short="-h")

#: The options of rnncalc itself, before the command (cli.main_options, and typer's own two).
#: A test holds them to the app's.
GROUP = (
    Option("version", "--version", "Print the version and exit.", short="-V"),
    Option("install_completion", "--install-completion", "Install completion for the current shell."),
    Option("show_completion", "--show-completion",
           "Show completion for the current shell, to copy it or customize the installation."),
    HELP,
)

#: The value that stands for every choice: offered alone, never inside a list.
ALL = "all"

_PLAIN = re.compile(r"[A-Za-z0-9_.+-]+")  # what a name or value may hold to go unquoted into any shell


class Param(NamedTuple):
    """One option or argument as a TAB sees it."""

    key: str  # the parameter: every name of one option (--bias, --no-bias, -b) shares it
    names: tuple[tuple[str, str], ...]  # (name, description)
    takes_value: bool
    values: tuple[str, ...]  # what a TAB offers for its value
    listed: bool  # its value is a comma-separated list


class Level(NamedTuple):
    """rnncalc itself (name "") or one of its commands."""

    name: str
    help: str  # the short help, as click shortens it
    options: tuple[Param, ...]
    argument: Param | None


def _param(option: Option) -> Param:
    names = [(option.flag or option.name, option.help)]
    if option.negative:
        names.append((option.negative, NEGATIVE_HELP[option.negative]))
    if option.short:
        names.append((option.short, option.help))
    listed = ALL in option.choices or "," in (option.metavar or "")
    return Param(option.name, tuple(names), not option.is_switch, option.choices, listed)


def _format_option(command: Command, option: Option) -> Option:
    """--format as the app declares it for this command: the formats that write one of its
    parts (render.formats.offered), with their help."""
    from rnncalc.cli.app import _output  # build time only: the one place --format is made per command

    return _output(command, option)


def short_help(text: str) -> str:
    """The short help click shows beside a command's name (typer's Command.get_short_help_str)."""
    from typer._click.utils import make_default_short_help

    return make_default_short_help(text, 45).strip()


def levels() -> tuple[Level, ...]:
    """rnncalc itself, then each command: what a TAB can offer at each."""
    found = [Level("", "", tuple(map(_param, GROUP)), None)]
    for command in COMMANDS:
        options = [_format_option(command, o) if o.name == "fmt" else o for o in (*command.options, HELP)]
        arguments = [_param(o) for o in options if o.flag is None]
        if len(arguments) > 1:
            raise ValueError(f"{command.name}: the scripts complete one argument per command")
        found.append(Level(command.name, short_help(command.help),
                           tuple(_param(o) for o in options if o.flag is not None), arguments[0] if arguments else None))
    for level in found:
        for param in (*level.options, *((level.argument,) if level.argument else ())):
            for word in (param.key, *(name for name, _ in param.names), *param.values):
                if not _PLAIN.fullmatch(word):
                    raise ValueError(f"{level.name} {param.key}: {word!r} needs quoting the scripts do not do")
    return tuple(found)


# --- the scripts ----------------------------------------------------------------------------------

HEAD = """\
{comment} {shell} completion for {prog}, generated from its command table by `python -m rnncalc.generate`.
{comment} A TAB runs no Python: every command, option and value is written below. Do not edit by hand.
"""


def _record(param: Param, name: str, description: str | None) -> str:
    """One option name: "key:name", "key=:name" when it takes a value, then ":description"."""
    text = f"{param.key}{'=' if param.takes_value else ''}:{name}"
    return text if description is None else f"{text}:{' '.join(description.split())}"


def _value_lists(levels: tuple[Level, ...]) -> list[tuple[list[tuple[str, str]], tuple[str, ...], bool]]:
    """Each distinct value list, with the (command, key) pairs that offer it and whether it is a comma list."""
    lists: dict[tuple[tuple[str, ...], bool], list[tuple[str, str]]] = {}
    for level in levels:
        for param in (*level.options, *((level.argument,) if level.argument else ())):
            if param.takes_value and param.values:
                lists.setdefault((param.values, param.listed), []).append((level.name, param.key))
    return [(pairs, values, listed) for (values, listed), pairs in lists.items()]


def _sh_value_arms(levels: tuple[Level, ...]) -> list[str]:
    return [f"    {'|'.join(f'{c}:{k}' for c, k in pairs)}) values=({' '.join(values)}) list={'1' if listed else ''} ;;"
            for pairs, values, listed in _value_lists(levels)]


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


BASH = r"""
_rnncalc_params() {  # $1: a command, or "" for rnncalc: opts ("key:name", "key=:name" if it takes a value), arg
    case $1 in
@PARAMS@
    *) return 1 ;;
    esac
}

_rnncalc_values() {  # $1:$2, a command and an option: the values it offers; list=1 for a comma list
    list=
    case $1:$2 in
@VALUES@
    *) values=() ;;
    esac
}

_rnncalc_find() {  # the key of option name $1 in opts, "key=" if it takes a value; "" if none
    local rec
    for rec in "${opts[@]}"; do
        if [[ ${rec#*:} == "$1" ]]; then REPLY=${rec%%:*}; return; fi
    done
    REPLY=
}

_rnncalc_completion() {
    local cur=${COMP_WORDS[COMP_CWORD]} command= given=' ' expect= positional=0 dashdash= ended= stop=
    local word rec key name value prefix list arg i j n joined=
    local -a words opts values
    COMPREPLY=()
    # bash splits "--opt=value" at "=": join the three words back into one, as rnncalc reads it
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        n=${#words[@]}
        if [[ $word == = && $n -gt 0 && ${words[n-1]} == -* ]]; then words[n-1]+==; joined=1
        elif [[ -n $joined ]]; then words[n-1]+=$word; joined=
        else words+=("$word")
        fi
    done
    n=${#words[@]}
    if [[ -n $joined ]]; then cur=${words[n-1]}$cur; unset 'words[n-1]'
    elif [[ $cur == = && $n -gt 0 && ${words[n-1]} == -* ]]; then cur=${words[n-1]}=; unset 'words[n-1]'
    fi
    n=${#words[@]}

    # Read the words as click does: rnncalc's options, the command, then its options and argument.
    _rnncalc_params ''
    for ((i = 0; i < n; i++)); do
        word=${words[i]}
        [[ $word == -- ]] && dashdash=1
        if [[ -n $stop ]]; then continue; fi
        if [[ -n $expect ]]; then expect=; continue; fi
        if [[ -z $ended && $word == -?* ]]; then
            if [[ $word == -- ]]; then ended=1; continue; fi
            _rnncalc_find "${word%%=*}"
            if [[ $REPLY == *= ]]; then  # an option that takes a value: after "=", or the next word
                if [[ $word != *=* ]]; then
                    if ((i + 1 >= n)); then stop=1; continue; fi
                    expect=1
                fi
                given+="${REPLY%=} "
            elif [[ -n $REPLY && $word != *=* ]]; then given+="$REPLY "
            elif [[ -n $REPLY || $word == --* ]]; then stop=1  # a value for a switch, an unknown option
            else  # -abc: short switches bundled; a value option takes the rest of the word, or the next
                for ((j = 1; j < ${#word}; j++)); do
                    _rnncalc_find "-${word:j:1}"
                    if [[ -z $REPLY ]]; then stop=1; break; fi
                    if [[ $REPLY == *= ]]; then
                        if ((j + 1 == ${#word})); then
                            if ((i + 1 >= n)); then stop=1; break; fi
                            expect=1
                        fi
                        given+="${REPLY%=} "
                        break
                    fi
                    given+="$REPLY "
                done
            fi
        elif [[ -z $command ]]; then  # the first other word names the command
            if _rnncalc_params "$word"; then command=$word given=' ' ended=; else _rnncalc_params ''; stop=1; fi
        else
            ((positional++))
        fi
    done
    [[ -n $stop ]] && positional=0  # click reads no argument once an option stopped it

    # Then what the word being typed asks for.
    if [[ $cur == = ]]; then cur=
    elif [[ $cur == -*=* ]]; then words+=("${cur%%=*}"); cur=${cur#*=}
    fi
    n=${#words[@]}
    key=
    if [[ -z $dashdash && $cur == -* ]]; then :
    elif ((n > 0)) && _rnncalc_find "${words[n-1]}" && [[ $REPLY == *= ]]; then key=${REPLY%=}
    elif [[ -n $arg && $positional -eq 0 ]]; then key=$arg
    fi
    if [[ -n $key ]]; then
        _rnncalc_values "$command" "$key"
        prefix=
        if [[ -n $list && $cur == *,* ]]; then prefix=${cur%,*},; cur=${cur##*,}; fi
        for value in "${values[@]}"; do
            if [[ -n $prefix && ( $value == @ALL@ || ,$prefix == *,$value,* ) ]]; then continue; fi
            [[ $value == "$cur"* ]] && COMPREPLY+=("$prefix$value")
        done
        return 0
    fi
    if [[ -z $command ]]; then
        for name in @COMMANDS@; do
            [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
        done
    fi
    if [[ -n $cur && $cur != [[:alnum:]]* ]]; then
        for rec in "${opts[@]}"; do
            key=${rec%%:*}
            name=${rec#*:}
            [[ $given == *" ${key%=} "* ]] && continue
            [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
        done
    fi
    return 0
}

complete -o default -F _rnncalc_completion rnncalc
"""


def _bash(levels: tuple[Level, ...]) -> str:
    params = []
    for level in levels:
        records = " ".join(_record(p, name, None) for p in level.options for name, _ in p.names)
        arg = level.argument.key if level.argument else ""
        head = level.name or "''"
        params.append(f"    {head}) opts=({records}) arg={arg} ;;")
    values = _sh_value_arms(levels)
    commands = " ".join(level.name for level in levels if level.name)
    return (HEAD.format(comment="#", shell="bash", prog=PROG) + BASH.replace("@PARAMS@", "\n".join(params))
            .replace("@VALUES@", "\n".join(values)).replace("@COMMANDS@", commands).replace("@ALL@", ALL))


ZSH = r"""
_rnncalc_params() {  # $1: a command, or "" for rnncalc: opts ("key:name:help", "key=:..." if it takes a value), arg
    case $1 in
@PARAMS@
    *) return 1 ;;
    esac
}

_rnncalc_values() {  # $1:$2, a command and an option: the values it offers; list=1 for a comma list
    list=
    case $1:$2 in
@VALUES@
    *) values=() ;;
    esac
}

_rnncalc_find() {  # the key of option name $1 in opts, "key=" if it takes a value; "" if none
    local rec
    for rec in "${opts[@]}"; do
        if [[ ${${rec#*:}%%:*} == "$1" ]]; then REPLY=${rec%%:*}; return 0; fi
    done
    REPLY=
}

_rnncalc_completion() {
    local cur=${(Q)words[CURRENT]} command= given=' ' expect= positional=0 dashdash= ended= stop=
    local word rec key name value prefix list arg i j n
    local -a args opts values offered described
    args=("${(@Q)words[2,CURRENT-1]}")
    n=${#args}

    # Read the words as click does: rnncalc's options, the command, then its options and argument.
    _rnncalc_params ''
    for ((i = 1; i <= n; i++)); do
        word=$args[i]
        [[ $word == -- ]] && dashdash=1
        if [[ -n $stop ]]; then continue; fi
        if [[ -n $expect ]]; then expect=; continue; fi
        if [[ -z $ended && $word == -?* ]]; then
            if [[ $word == -- ]]; then ended=1; continue; fi
            _rnncalc_find "${word%%=*}"
            if [[ $REPLY == *= ]]; then  # an option that takes a value: after "=", or the next word
                if [[ $word != *=* ]]; then
                    if ((i >= n)); then stop=1; continue; fi
                    expect=1
                fi
                given+="${REPLY%=} "
            elif [[ -n $REPLY && $word != *=* ]]; then given+="$REPLY "
            elif [[ -n $REPLY || $word == --* ]]; then stop=1  # a value for a switch, an unknown option
            else  # -abc: short switches bundled; a value option takes the rest of the word, or the next
                for ((j = 2; j <= ${#word}; j++)); do
                    _rnncalc_find "-${word[j]}"
                    if [[ -z $REPLY ]]; then stop=1; break; fi
                    if [[ $REPLY == *= ]]; then
                        if ((j == ${#word})); then
                            if ((i >= n)); then stop=1; break; fi
                            expect=1
                        fi
                        given+="${REPLY%=} "
                        break
                    fi
                    given+="$REPLY "
                done
            fi
        elif [[ -z $command ]]; then  # the first other word names the command
            if _rnncalc_params "$word"; then command=$word given=' ' ended=; else _rnncalc_params ''; stop=1; fi
        else
            ((positional++))
        fi
    done
    [[ -n $stop ]] && positional=0  # click reads no argument once an option stopped it

    # Then what the word being typed asks for.
    if [[ $cur == = ]]; then cur=; compset -P '='
    elif [[ $cur == -*=* ]]; then args+=("${cur%%=*}"); cur=${cur#*=}; compset -P '*='
    fi
    n=${#args}
    key=
    if [[ -z $dashdash && $cur == -* ]]; then :
    elif ((n > 0)) && _rnncalc_find "$args[n]" && [[ $REPLY == *= ]]; then key=${REPLY%=}
    elif [[ -n $arg && $positional -eq 0 ]]; then key=$arg
    fi
    if [[ -n $key ]]; then
        _rnncalc_values "$command" "$key"
        prefix=
        if [[ -n $list && $cur == *,* ]]; then prefix=${cur%,*},; cur=${cur##*,}; compset -P '*,'; fi
        for value in $values; do
            if [[ -n $prefix && ( $value == @ALL@ || ,$prefix == *,$value,* ) ]]; then continue; fi
            [[ $value == "$cur"* ]] && offered+=("$value")
        done
    else
        if [[ -z $command ]]; then
            for rec in @COMMANDS@; do
                [[ ${rec%%:*} == "$cur"* ]] && described+=("$rec")
            done
        fi
        if [[ -n $cur && $cur != [[:alnum:]]* ]]; then
            for rec in $opts; do
                key=${rec%%:*}
                rec=${rec#*:}
                [[ $given == *" ${key%=} "* ]] && continue
                [[ ${rec%%:*} == "$cur"* ]] && described+=("$rec")
            done
        fi
    fi
    if (( $#offered )); then _describe -t values value offered && return 0; fi
    if (( $#described )); then _describe -t rnncalc "$PROG" described && return 0; fi
    _files  # nothing to offer: file names, as check's FILE and --spec want
}

compdef _rnncalc_completion rnncalc  # the TABs to come call the function above
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  # autoloaded from $fpath as _rnncalc by compinit: this call is a TAB, so complete it too
  _rnncalc_completion "$@"
fi
"""


def _zsh(levels: tuple[Level, ...]) -> str:
    params = []
    for level in levels:
        records = [_record(p, name, help) for p in level.options for name, help in p.names]
        arg = level.argument.key if level.argument else ""
        head = "''" if not level.name else level.name
        params.append(f"    {head}) opts=(\n        " + "\n        ".join(map(_sh_quote, records))
                      + f"\n      ) arg={arg} ;;")
    values = _sh_value_arms(levels)
    commands = " \\\n        ".join(_sh_quote(f"{level.name}:{level.help}") for level in levels if level.name)
    return ("#compdef rnncalc\n" + HEAD.format(comment="#", shell="zsh", prog=PROG)
            + ZSH.replace("@PARAMS@", "\n".join(params)).replace("@VALUES@", "\n".join(values))
            .replace("@COMMANDS@", commands).replace("@ALL@", ALL).replace('"$PROG"', PROG))


FISH = r"""
function __rnncalc_params --argument-names command  # the argument's key (- for none), then "key:name:help" per option name
    switch $command
@PARAMS@
        case '*'
            return 1
    end
end

function __rnncalc_values --argument-names command key  # "list" for a comma list, then the values
    switch $command:$key
@VALUES@
    end
end

function __rnncalc_find --argument-names name  # the key of option $name among the records after it, "key=" if it takes a value
    string replace -rf -- '^([^:]*):'(string escape --style=regex -- $name)'(:.*)?$' '$1' $argv[2..-1]
end

function __rnncalc_complete  # value<TAB>help per line; status 1 when there is nothing to offer
    set -l args (commandline -opc)[2..-1]
    set -l cur (commandline -ct)
    set -l command
    set -l given
    set -l expect
    set -l positional 0
    set -l dashdash
    set -l ended
    set -l stop
    set -l opts (__rnncalc_params '')
    set -l arg $opts[1]
    set -e opts[1]
    set -l n (count $args)

    # Read the words as click does: rnncalc's options, the command, then its options and argument.
    for i in (seq 1 $n)
        set -l word $args[$i]
        test "$word" = -- && set dashdash 1
        test -n "$stop" && continue
        if test -n "$expect"
            set expect
            continue
        end
        if test -z "$ended" && string match -q -- '-?*' $word
            if test "$word" = --
                set ended 1
                continue
            end
            set -l found (__rnncalc_find (string split -m 1 = -- $word)[1] $opts)
            if string match -q -- '*=' "$found"  # an option that takes a value: after "=", or the next word
                if not string match -q -- '*=*' $word
                    if test $i -ge $n
                        set stop 1
                        continue
                    end
                    set expect 1
                end
                set -a given (string trim -r -c = -- $found)
            else if test -n "$found" && not string match -q -- '*=*' $word
                set -a given $found
            else if test -n "$found" || string match -q -- '--*' $word
                set stop 1  # a value for a switch, an unknown option
            else  # -abc: short switches bundled; a value option takes the rest of the word, or the next
                set -l length (string length -- $word)
                for j in (seq 2 $length)
                    set -l found (__rnncalc_find -(string sub -s $j -l 1 -- $word) $opts)
                    if test -z "$found"
                        set stop 1
                        break
                    end
                    if string match -q -- '*=' $found
                        if test $j -eq $length
                            if test $i -ge $n
                                set stop 1
                                break
                            end
                            set expect 1
                        end
                        set -a given (string trim -r -c = -- $found)
                        break
                    end
                    set -a given $found
                end
            end
        else if test -z "$command"  # the first other word names the command
            set -l found (__rnncalc_params $word)
            if test $status -eq 0
                set command $word
                set given
                set ended
                set arg $found[1]
                set opts $found[2..-1]
            else
                set stop 1
            end
        else
            set positional (math $positional + 1)
        end
    end
    test -n "$stop" && set positional 0  # click reads no argument once an option stopped it

    # Then what the word being typed asks for.
    set -l before
    if test "$cur" = =
        set cur
    else if string match -q -- '-*=*' $cur
        set -l parts (string split -m 1 = -- $cur)
        set -a args $parts[1]
        set cur $parts[2]
        set before $parts[1]=
    end
    set -l key
    set -l last
    set -q args[1] && set last (__rnncalc_find $args[-1] $opts)
    if test -z "$dashdash" && string match -q -- '-*' $cur
    else if string match -q -- '*=' "$last"
        set key (string trim -r -c = -- $last)
    else if test "$arg" != - -a $positional -eq 0
        set key $arg
    end
    set -l offered 1
    if test -n "$key"
        set -l values (__rnncalc_values "$command" $key)
        set -l prefix
        if test "$values[1]" = list
            set -e values[1]
            if string match -q -- '*,*' $cur
                set prefix (string replace -r ',[^,]*$' , -- $cur)
                set cur (string replace -r '.*,' '' -- $cur)
            end
        end
        for value in $values
            if test -n "$prefix"
                test $value = @ALL@ && continue
                contains -- $value (string split , -- $prefix) && continue
            end
            if string match -q -- "$cur*" $value
                echo "$before$prefix$value"
                set offered 0
            end
        end
        return $offered
    end
    set -l escaped (string escape --style=regex -- $cur)
    if test -z "$command"
        string replace -rf -- '^('$escaped'[^:]*):' '$1\t' @COMMANDS@ && set offered 0
    end
    if test -n "$cur" && not string match -qr -- '^[[:alnum:]]' $cur
        for rec in (string match -r -- '^[^:]*:'$escaped'.*' $opts | string replace -r '^([^:=]*)=?:' '$1:')
            contains -- (string split -m 1 : -- $rec)[1] $given && continue
            string replace -r '^[^:]*:([^:]*):' '$1\t' -- $rec
            set offered 0
        end
    end
    return $offered
end

# The condition asks once and keeps the answer for the arguments: fish completes file names
# when the condition fails, as when nothing fits.
complete -c rnncalc -f -n 'set -g __rnncalc_offered (__rnncalc_complete)' -a '$__rnncalc_offered'
"""


def _fish(levels: tuple[Level, ...]) -> str:
    params = []
    for level in levels:
        records = [_record(p, name, help) for p in level.options for name, help in p.names]
        arg = level.argument.key if level.argument else "-"
        head = "''" if not level.name else level.name
        params.append(f"        case {head}\n            printf '%s\\n' {arg} \\\n                "
                      + " \\\n                ".join(map(_fish_quote, records)))
    values = [f"        case {' '.join(f'{c}:{k}' for c, k in pairs)}\n            printf '%s\\n' "
              + " ".join((*(("list",) if listed else ()), *values)) for pairs, values, listed in _value_lists(levels)]
    commands = " \\\n        ".join(_fish_quote(f"{level.name}:{level.help}") for level in levels if level.name)
    return (HEAD.format(comment="#", shell="fish", prog=PROG) + FISH.replace("@PARAMS@", "\n".join(params))
            .replace("@VALUES@", "\n".join(values)).replace("@COMMANDS@", commands).replace("@ALL@", ALL))


def script(shell: str) -> str:
    """The completion script for ``shell`` (bash, zsh or fish)."""
    writers = {"bash": _bash, "zsh": _zsh, "fish": _fish}
    return writers[shell](levels())


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for shell, name in FILES.items():
        path = directory / name
        path.write_text(script(shell), encoding="utf-8")
        paths.append(path)
    return paths
