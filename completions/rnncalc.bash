# bash completion for rnncalc, generated from its command table by `python -m rnncalc.generate`.
# A TAB runs no Python: every command, option and value is written below. Do not edit by hand.

_rnncalc_params() {  # $1: a command, or "" for rnncalc: opts ("key:name", "key=:name" if it takes a value), arg
    case $1 in
    '') opts=(version:--version version:-V install_completion:--install-completion show_completion:--show-completion help:--help help:-h) arg= ;;
    params) opts=(tensors:--tensors tensors:-t fields_=:--fields batch=:--batch batch=:-B steps=:--steps steps=:-T cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    shapes) opts=(cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec batch=:--batch batch=:-B steps=:--steps steps=:-T batch_first:--batch-first unbatched:--unbatched return_sequences:--return-sequences return_state:--return-state time_major:--time-major fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    explain) opts=(brief:--brief cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    layout) opts=(cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    port) opts=(to=:--to from_=:--from cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    diagram) opts=(cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec batch=:--batch batch=:-B steps=:--steps steps=:-T batch_first:--batch-first unbatched:--unbatched return_sequences:--return-sequences return_state:--return-state time_major:--time-major fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    check) opts=(strict:--strict fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg=source ;;
    summary) opts=(style=:--style style=:-s batch=:--batch batch=:-B steps=:--steps steps=:-T line_length=:--line-length col_width=:--col-width cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    sweep) opts=(cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional=:--bidirectional bidirectional=:-b merge_mode=:--merge-mode bias=:--bias framework=:--framework framework=:-F reset_after=:--reset-after proj=:--proj peepholes=:--peepholes api=:--api directions=:--directions max_params=:--max-params min_params=:--min-params max_macs=:--max-macs max_flops=:--max-flops max_bytes=:--max-bytes batch=:--batch batch=:-B steps=:--steps steps=:-T dtype=:--dtype sort=:--sort fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    solve) opts=(params=:--params params=:-p max_params=:--max-params cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    cost) opts=(batch=:--batch batch=:-B steps=:--steps steps=:-T lengths=:--lengths batch_first:--batch-first dtype=:--dtype optimizer=:--optimizer compat=:--compat fields_=:--fields cell=:--cell cell=:-c inp=:--inp inp=:-i units=:--units units=:-u layers=:--layers layers=:-l bidirectional:--bidirectional bidirectional:--unidirectional bidirectional:-b merge_mode=:--merge-mode bias:--bias bias:--no-bias framework=:--framework framework=:-F reset_after:--reset-after reset_after:--no-reset-after proj=:--proj peepholes:--peepholes peepholes:--no-peepholes api=:--api spec=:--spec fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg= ;;
    schema) opts=(fmt=:--format fmt=:-f as_json:--json help:--help help:-h) arg=name ;;
    *) return 1 ;;
    esac
}

_rnncalc_values() {  # $1:$2, a command and an option: the values it offers; list=1 for a comma list
    list=
    case $1:$2 in
    params:cell|shapes:cell|explain:cell|layout:cell|port:cell|diagram:cell|summary:cell|solve:cell|cost:cell) values=(rnn lstm gru simplernn simple_rnn elman) list= ;;
    params:merge_mode|shapes:merge_mode|explain:merge_mode|layout:merge_mode|port:merge_mode|diagram:merge_mode|summary:merge_mode|solve:merge_mode|cost:merge_mode) values=(concat sum mul ave none) list= ;;
    params:framework|layout:framework) values=(cudnn flax-linen flax-nnx keras onnx pytorch tf1 all) list=1 ;;
    params:api|shapes:api|explain:api|layout:api|port:api|diagram:api|summary:api|solve:api|cost:api) values=(layer cell) list= ;;
    params:fmt|shapes:fmt|explain:fmt|layout:fmt|check:fmt|sweep:fmt|solve:fmt|cost:fmt) values=(table text markdown csv tsv json jsonl) list= ;;
    shapes:framework|explain:framework|port:to|port:from_|port:framework|diagram:framework|summary:framework|solve:framework|cost:framework) values=(cudnn flax-linen flax-nnx keras onnx pytorch tf1) list= ;;
    port:fmt) values=(table text markdown csv tsv json jsonl python) list= ;;
    diagram:fmt) values=(table text markdown json jsonl) list= ;;
    summary:style) values=(keras3 keras2 torchinfo) list= ;;
    summary:fmt) values=(table text markdown json) list= ;;
    sweep:dtype|cost:dtype) values=(fp32 bf16 fp16 int8) list= ;;
    cost:optimizer) values=(sgd momentum adam adamw) list= ;;
    cost:compat) values=(ptflops thop torchinfo torch all) list=1 ;;
    schema:fmt) values=(json) list= ;;
    schema:name) values=(spec params compare shapes explain layout lineup port diagram check solve summary sweep cost) list= ;;
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
            if [[ -n $prefix && ( $value == all || ,$prefix == *,$value,* ) ]]; then continue; fi
            [[ $value == "$cur"* ]] && COMPREPLY+=("$prefix$value")
        done
        return 0
    fi
    if [[ -z $command ]]; then
        for name in params shapes explain layout port diagram check summary sweep solve cost schema; do
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
