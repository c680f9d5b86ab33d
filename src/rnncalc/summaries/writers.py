"""Write the summary a framework would print for a spec: the inverse of the readers next door.

``write(spec, style)`` returns, character for character, what the real tool prints, so a user
can hold their own summary against it:

* ``keras3``: Keras 3 ``model.summary()`` of ``Sequential([Input((steps, inp)), <layers>])``
  built in a fresh session (``keras.backend.clear_session()``), so the model is ``sequential``
  and the layers are named ``lstm, lstm_1, ...`` (``bidirectional, bidirectional_1, ...``
  when wrapped; ``rnn`` for ``RNN(cell)``). Default ``positions`` and print_fn output on a UTF-8
  stdout; the width is Keras's own rule: ``line_length`` if given, else ``min(88, columns - 4)``
  for the terminal's ``columns`` as ``shutil.get_terminal_size()`` reads them (COLUMNS, the
  terminal, else 80: a notebook or a pipe prints a 76-wide table, a terminal of 92 columns or
  more an 88-wide one). The table is laid out by rich on a console ``columns`` wide, as Keras does it.
* ``keras2``: tf_keras (Keras 2) ``model.summary()`` of the same model, line_length 65 unless
  given (tf_keras/src/utils/layer_utils.py ``print_summary``: no terminal dependence).
* ``torchinfo``: ``str(torchinfo.summary(nn.LSTM(inp, units, num_layers, bias=..., batch_first=True,
  bidirectional=..., proj_size=...), input_size=(batch, steps, inp)))`` with torchinfo's defaults
  (columns output_size and num_params, depth 3), or for ``api="cell"``
  ``summary(nn.LSTMCell(inp, units, bias=...), input_size=(batch, inp))``. torchinfo runs the
  module, so ``batch`` and ``steps`` are required (a cell takes one step: ``steps`` is not used).
  The footer is computed as torchinfo 1.8 does (model_statistics.py, layer_info.py): mult-adds are ``prod(output_size[:2])`` times every
  parameter (batch · steps · params for a layer, batch · units · params for a cell), the
  forward/backward size twice the float32 output, the input size what ``sys.getsizeof`` says of
  the input's storage: its bytes plus a 64-byte object header (torch 2.x on CPython 3.11).

Each style builds its own framework's model from the spec's cell, sizes and options; a spec in
another convention is carried over (``framework`` is the style's), and a spec the style's
framework cannot build (a projection in Keras, ``reset_after=False`` or a merge other than concat
in PyTorch) raises one SpecError.

Keras prints every output shape through ``(batch, steps, ...)``: an int where given (``batch`` is
``Input(..., batch_size=batch)``), ``None`` where not; all layers but the last return sequences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnncalc.errors import SpecError

if TYPE_CHECKING:
    from rnncalc.model.spec import Spec

__all__ = ["STYLES", "own_style", "params_by_layer", "write"]

STYLES = ("keras3", "keras2", "torchinfo")


def write(spec: Spec, style: str, steps: int | None = None, batch: int | None = None, *,
          line_length: int | None = None, columns: int | None = None, col_width: int | None = None) -> str:
    """The summary ``style`` prints for ``spec``, ending in a newline (see the module docstring).
    ``line_length`` is Keras's; ``columns`` the terminal's for Keras 3 (default: this process's);
    ``col_width`` torchinfo's (default 25)."""
    from importlib import import_module

    from rnncalc import frameworks
    from rnncalc.model.spec import Run

    if style not in STYLES:
        raise SpecError("style", "unknown summary style; choose " + ", ".join(STYLES), style)
    for name, width in (("line_length", line_length), ("columns", columns), ("col_width", col_width)):
        if width is not None and type(width) is not int:
            raise SpecError(name, "must be a whole number", width)
    Run(batch=batch, steps=steps)  # the same size rules as everywhere else
    module = import_module(f"rnncalc.summaries.{style}")
    convention = frameworks.get(module.BUILDS)
    from rnncalc.model.tensors import total

    carried = _carried(spec, convention.name, convention.title, style)
    if total(carried) != total(spec):  # a summary must show the same network, count included
        raise SpecError("style", f"a {style} summary shows the layers of the {convention.title} convention, which "
                        f"count {total(carried):,} for this network, not {total(spec):,} as "
                        f"{frameworks.get(spec.framework).title} does", style)
    if col_width is not None and style != "torchinfo":
        raise SpecError("col_width", f"{style} has no col_width (torchinfo's); its width is line_length", col_width)
    text: str
    if style == "keras3":
        text = module.write(carried, convention, steps, batch, line_length, columns)
        return text
    if style == "keras2":
        text = module.write(carried, convention, steps, batch, line_length)
        return text
    if line_length is not None:
        raise SpecError("line_length", "torchinfo has no line_length (its widths follow the names and col_width)",
                        line_length)
    text = module.write(carried, convention, steps, batch, col_width)
    return text


def own_style(framework: str) -> str | None:
    """The summary a framework prints of its own models: the first format it prints (its
    convention's summary_formats) whose writer builds that framework's model."""
    from importlib import import_module

    from rnncalc import frameworks

    for style in frameworks.get(framework).summary_formats:
        if style in STYLES and import_module(f"rnncalc.summaries.{style}").BUILDS == framework:
            return style
    return None


def _carried(spec: Spec, name: str, title: str, style: str) -> Spec:
    """``spec`` as the convention ``name`` builds it; SpecError (naming the field) if it cannot."""
    from rnncalc.model.spec import parse_spec

    if spec.framework == name:
        return spec
    fields: dict[str, Any] = {k: v for k, v in spec.model_dump().items() if v is not None}
    fields["framework"] = name
    fields["units"] = list(spec.units)
    if not spec.peepholes:
        fields.pop("peepholes", None)
    if spec.api == "layer":
        fields.pop("api", None)
    try:
        return parse_spec(fields)
    except SpecError as err:
        field = err.field.split(" ")[0]  # "proj (layer 0 has 1 units)" names the field proj
        raise SpecError(field, f"{err.message}; a {style} summary cannot show it", err.value) from None


def params_by_layer(spec: Spec) -> list[int]:
    from rnncalc.model.tensors import inventory

    out = [0] * spec.layers
    for tensor in inventory(spec):
        out[tensor.layer] += tensor.params
    return out


