# fish completion for rnncalc, generated from its command table by `python -m rnncalc.generate`.
# A TAB runs no Python: every command, option and value is written below. Do not edit by hand.

function __rnncalc_params --argument-names command  # the argument's key (- for none), then "key:name:help" per option name
    switch $command
        case ''
            printf '%s\n' - \
                'version:--version:Print the version and exit.' \
                'version:-V:Print the version and exit.' \
                'install_completion:--install-completion:Install completion for the current shell.' \
                'show_completion:--show-completion:Show completion for the current shell, to copy it or customize the installation.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case params
            printf '%s\n' - \
                'tensors:--tensors:List every weight tensor.' \
                'tensors:-t:List every weight tensor.' \
                'fields_=:--fields:JSON output: keep only these keys (total,spec,formula,...); a batch\'s records keep their line.' \
                'batch=:--batch:Batch size: with --steps, also what a forward pass costs [default: one sequence].' \
                'batch=:-B:Batch size: with --steps, also what a forward pass costs [default: one sequence].' \
                'steps=:--steps:Time steps: also what a forward pass costs (MACs and FLOPs; rnncalc cost itemises them).' \
                'steps=:-T:Time steps: also what a forward pass costs (MACs and FLOPs; rnncalc cost itemises them).' \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1, or all to compare them [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1, or all to compare them [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case shapes
            printf '%s\n' - \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'batch=:--batch:Batch size [default: the symbol B, or Keras\'s None].' \
                'batch=:-B:Batch size [default: the symbol B, or Keras\'s None].' \
                'steps=:--steps:Time steps [default: the symbol T, or Keras\'s None].' \
                'steps=:-T:Time steps [default: the symbol T, or Keras\'s None].' \
                'batch_first:--batch-first:Input and output as (B, T, …). In onnx and pytorch.' \
                'unbatched:--unbatched:One sequence (T, features), no batch. In pytorch.' \
                'return_sequences:--return-sequences:The last layer returns every step\'s output. In cudnn and keras.' \
                'return_state:--return-state:The last layer also returns its final states. In cudnn and keras.' \
                'time_major:--time-major:Input and outputs as (T, B, …). In flax-linen, flax-nnx and tf1.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case explain
            printf '%s\n' - \
                'brief:--brief:Only the gate-by-gate count: leave out what is what and the other frameworks\' words.' \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case layout
            printf '%s\n' - \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1, or all to compare them [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1, or all to compare them [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case port
            printf '%s\n' - \
                'to=:--to:The framework to move them into.' \
                'from_=:--from:The framework the weights come from (same as --framework).' \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line), python (port\'s recipe).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line), python (port\'s recipe).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case diagram
            printf '%s\n' - \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'batch=:--batch:Batch size [default: the symbol B, or Keras\'s None].' \
                'batch=:-B:Batch size [default: the symbol B, or Keras\'s None].' \
                'steps=:--steps:Time steps [default: the symbol T, or Keras\'s None].' \
                'steps=:-T:Time steps [default: the symbol T, or Keras\'s None].' \
                'batch_first:--batch-first:Input and output as (B, T, …). In onnx and pytorch.' \
                'unbatched:--unbatched:One sequence (T, features), no batch. In pytorch.' \
                'return_sequences:--return-sequences:The last layer returns every step\'s output. In cudnn and keras.' \
                'return_state:--return-state:The last layer also returns its final states. In cudnn and keras.' \
                'time_major:--time-major:Input and outputs as (T, B, …). In flax-linen, flax-nnx and tf1.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case check
            printf '%s\n' source \
                'strict:--strict:Exit 1 also when a row or printed total was not checked (for CI).' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case summary
            printf '%s\n' - \
                'style=:--style:keras3, keras2 or torchinfo [default: the framework\'s own: keras3 for Keras, torchinfo for PyTorch].' \
                'style=:-s:keras3, keras2 or torchinfo [default: the framework\'s own: keras3 for Keras, torchinfo for PyTorch].' \
                'batch=:--batch:Batch size [default: the symbol B, or Keras\'s None].' \
                'batch=:-B:Batch size [default: the symbol B, or Keras\'s None].' \
                'steps=:--steps:Time steps [default: the symbol T, or Keras\'s None].' \
                'steps=:-T:Time steps [default: the symbol T, or Keras\'s None].' \
                'line_length=:--line-length:Keras\'s line_length: the table\'s width [default: Keras 3 min(88, terminal columns - 4), 76 in a notebook or a pipe; Keras 2 65].' \
                'col_width=:--col-width:torchinfo\'s col_width: each column\'s width in a torchinfo summary [default: 25].' \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, json (one object).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, json (one object).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case sweep
            printf '%s\n' - \
                'cell=:--cell:Cells: lstm,gru,rnn.' \
                'cell=:-c:Cells: lstm,gru,rnn.' \
                'inp=:--inp:Input features of the first layer. A list: a,b; a size also a range LOW..HIGH, LOW..HIGH:+N or LOW..HIGH:xN.' \
                'inp=:-i:Input features of the first layer. A list: a,b; a size also a range LOW..HIGH, LOW..HIGH:+N or LOW..HIGH:xN.' \
                'units=:--units:Hidden sizes: 64..1024:x2 or 32,64; a stack per point as 256/128 (a size per layer).' \
                'units=:-u:Hidden sizes: 64..1024:x2 or 32,64; a stack per point as 256/128 (a size per layer).' \
                'layers=:--layers:Stacked layers: 1..4 [default: 1]; a stack of --units states its own.' \
                'layers=:-l:Stacked layers: 1..4 [default: 1]; a stack of --units states its own.' \
                'bidirectional=:--bidirectional:Run each layer both ways: true, false or true,false.' \
                'bidirectional=:-b:Run each layer both ways: true, false or true,false.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. A list: concat,sum.' \
                'bias=:--bias:Use bias vectors: true, false or true,false.' \
                'framework=:--framework:Conventions: cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1; a list, or all [default: keras].' \
                'framework=:-F:Conventions: cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1; a list, or all [default: keras].' \
                'reset_after=:--reset-after:GRU: reset gate after the recurrent matmul: true, false or true,false.' \
                'proj=:--proj:LSTM projection size. A list: a,b; a size also a range LOW..HIGH, LOW..HIGH:+N or LOW..HIGH:xN.' \
                'peepholes=:--peepholes:LSTM: the gates also see the cell state: true, false or true,false.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. A list: layer,cell.' \
                'directions=:--directions:1, 2 or 1,2 (2: bidirectional); the same as --bidirectional false,true.' \
                'max_params=:--max-params:Keep points with at most this many parameters (5M, 250k).' \
                'min_params=:--min-params:Keep points with at least this many parameters.' \
                'max_macs=:--max-macs:Keep points with at most this many MACs (rnncalc cost\'s count, for --batch and --steps).' \
                'max_flops=:--max-flops:Keep points with at most this many FLOPs (2 × MACs + the element-wise work, as rnncalc cost counts).' \
                'max_bytes=:--max-bytes:Keep points whose weights take at most this many bytes (in --dtype: 4 per weight in fp32; 64MB, 1.5GB, 512KiB).' \
                'batch=:--batch:Batch size of the cost figures [default: one sample].' \
                'batch=:-B:Batch size of the cost figures [default: one sample].' \
                'steps=:--steps:Time steps of the cost figures [default: one step].' \
                'steps=:-T:Time steps of the cost figures [default: one step].' \
                'dtype=:--dtype:Bytes per weight for the byte figures: fp32, bf16, fp16 or int8 [default: fp32].' \
                'sort=:--sort:Sort by a column (total, inp, ...; -total for descending) or a cost figure: macs, flops, bytes, training_flops, step_macs, step_flops, gradient_bytes, optimizer_bytes, activation_bytes, stream_bytes. Holds every row first, as table, text and markdown do; csv, tsv, json and jsonl stream.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case solve
            printf '%s\n' - \
                'params=:--params:Exact parameter count to reach: 72, 250k, 1.5M, 1.5e6.' \
                'params=:-p:Exact parameter count to reach: 72, 250k, 1.5M, 1.5e6.' \
                'max_params=:--max-params:Budget: the largest size whose count fits.' \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case cost
            printf '%s\n' - \
                'batch=:--batch:Batch size [default: the symbol B, or Keras\'s None].' \
                'batch=:-B:Batch size [default: the symbol B, or Keras\'s None].' \
                'steps=:--steps:Time steps [default: the symbol T, or Keras\'s None].' \
                'steps=:-T:Time steps [default: the symbol T, or Keras\'s None].' \
                'lengths=:--lengths:A packed batch: each sequence\'s length, 7,3,1 (sets --batch and --steps).' \
                'batch_first:--batch-first:Input and output as (B, T, …). In onnx and pytorch.' \
                'dtype=:--dtype:Bytes per weight: fp32, bf16, fp16 or int8.' \
                'optimizer=:--optimizer:The optimizer whose state to count: sgd, momentum, adam or adamw.' \
                'compat=:--compat:Also give the figure this tool prints for the same PyTorch module and input: ptflops, thop, torchinfo or torch (FlopCounterMode); a list, or all.' \
                'fields_=:--fields:JSON output: only these figures, flat (macs,flops,training_flops,step_macs,step_flops,params,bytes,gradient_bytes,optimizer_bytes,activation_bytes,stream_bytes); a batch\'s records keep their line.' \
                'cell=:--cell:rnn (alias simplernn, elman), lstm or gru.' \
                'cell=:-c:rnn (alias simplernn, elman), lstm or gru.' \
                'inp=:--inp:Input features of the first layer.' \
                'inp=:-i:Input features of the first layer.' \
                'units=:--units:Hidden size; one per layer as 64,32.' \
                'units=:-u:Hidden size; one per layer as 64,32.' \
                'layers=:--layers:Stacked layers [default: 1, or one per --units size].' \
                'layers=:-l:Stacked layers [default: 1, or one per --units size].' \
                'bidirectional:--bidirectional:Run each layer both ways.' \
                'bidirectional:--unidirectional:Run each layer one way only.' \
                'bidirectional:-b:Run each layer both ways.' \
                'merge_mode=:--merge-mode:Bidirectional merge: concat, sum, mul, ave, none [default: concat]. In cudnn and keras.' \
                'bias:--bias:Use bias vectors.' \
                'bias:--no-bias:No bias vectors.' \
                'framework=:--framework:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'framework=:-F:cudnn, flax-linen, flax-nnx, keras, onnx, pytorch, tf1 [default: keras].' \
                'reset_after:--reset-after:GRU: reset gate after the recurrent matmul.' \
                'reset_after:--no-reset-after:GRU: reset gate before the recurrent matmul.' \
                'proj=:--proj:LSTM projection size. In pytorch and tf1.' \
                'peepholes:--peepholes:LSTM: the gates also see the cell state. In onnx and tf1.' \
                'peepholes:--no-peepholes:LSTM: no peepholes; the gates do not see the cell state.' \
                'api=:--api:layer, or cell: the one-step cell classes [default: layer]. In keras and pytorch.' \
                'spec=:--spec:Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field whole; --units keeps the file\'s depth (--units 32 over units [128, 64]: two layers of 32) unless it lists sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, shapes, explain, layout, diagram and cost answer each.' \
                'fmt=:--format:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'fmt=:-f:table (for people), text (plain, for grep), markdown, csv (rows), tsv, json (one object), jsonl (rows, one per line).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case schema
            printf '%s\n' name \
                'fmt=:--format:json (one object).' \
                'fmt=:-f:json (one object).' \
                'as_json:--json:Same as --format json.' \
                'help:--help:Show this message and exit.' \
                'help:-h:Show this message and exit.'
        case '*'
            return 1
    end
end

function __rnncalc_values --argument-names command key  # "list" for a comma list, then the values
    switch $command:$key
        case params:cell shapes:cell explain:cell layout:cell port:cell diagram:cell summary:cell solve:cell cost:cell
            printf '%s\n' rnn lstm gru simplernn simple_rnn elman
        case params:merge_mode shapes:merge_mode explain:merge_mode layout:merge_mode port:merge_mode diagram:merge_mode summary:merge_mode solve:merge_mode cost:merge_mode
            printf '%s\n' concat sum mul ave none
        case params:framework layout:framework
            printf '%s\n' list cudnn flax-linen flax-nnx keras onnx pytorch tf1 all
        case params:api shapes:api explain:api layout:api port:api diagram:api summary:api solve:api cost:api
            printf '%s\n' layer cell
        case params:fmt shapes:fmt explain:fmt layout:fmt check:fmt sweep:fmt solve:fmt cost:fmt
            printf '%s\n' table text markdown csv tsv json jsonl
        case shapes:framework explain:framework port:to port:from_ port:framework diagram:framework summary:framework solve:framework cost:framework
            printf '%s\n' cudnn flax-linen flax-nnx keras onnx pytorch tf1
        case port:fmt
            printf '%s\n' table text markdown csv tsv json jsonl python
        case diagram:fmt
            printf '%s\n' table text markdown json jsonl
        case summary:style
            printf '%s\n' keras3 keras2 torchinfo
        case summary:fmt
            printf '%s\n' table text markdown json
        case sweep:dtype cost:dtype
            printf '%s\n' fp32 bf16 fp16 int8
        case cost:optimizer
            printf '%s\n' sgd momentum adam adamw
        case cost:compat
            printf '%s\n' list ptflops thop torchinfo torch all
        case schema:fmt
            printf '%s\n' json
        case schema:name
            printf '%s\n' spec params compare shapes explain layout lineup port diagram check solve summary sweep cost
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
                test $value = all && continue
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
        string replace -rf -- '^('$escaped'[^:]*):' '$1\t' 'params:Count the parameters, with the formula...' \
        'shapes:Show what flows through the network, step...' \
        'explain:Explain units, cells, layers and gates,...' \
        'layout:Show where each gate sits in every tensor.' \
        'port:Move trained weights from one framework...' \
        'diagram:Draw the network unrolled in time, layers...' \
        'check:Check a pasted model summary, every row...' \
        'summary:Print the summary a framework prints for...' \
        'sweep:Count every combination of sizes and choices.' \
        'solve:Solve backwards: the units (or inp) for a...' \
        'cost:Count MACs, FLOPs and bytes: itemised per...' \
        'schema:Print the JSON Schema of a spec or of an...' && set offered 0
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
