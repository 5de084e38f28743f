#!/usr/bin/env python3
"""The card_top parameters a PCIe board builds, from its board.mk.

card_params.py BOARD [--yosys | --lines]

hdl/boards/BOARD/board.mk says which card the board flow builds
(BOARD_CARD): "farm" is card_top FARM=1 (hdl/card_farm.v) with the board's
BOARD_FARM_* (the engine farm beside mppe_top with BOARD_FARM_ENGINES small
engines in BOARD_FARM_CTX_BANKS context banks: what cardsim-farm simulates
and check-card-engine-farm tests); "engines" (the default) is
BOARD_NUM_ENGINES register-file engines. This script is the one place that
turns board.mk into card_top's parameters: make synth (hdl/synth/card.sh,
--yosys: chparam arguments), the Vivado script (hdl/boards/vivado/gen_tcl.py
imports params()) and check-board-vivado (tests/rtl/check_vivado_tcl.py)
read it. --lines (the default) prints NAME=VALUE, one a line.
"""
import re
import sys


def board_vars(board, mk="board.mk"):
    """NAME -> value of hdl/boards/BOARD/MK's `BOARD_NAME := value` lines."""
    out = {}
    with open(f"hdl/boards/{board}/{mk}") as f:
        for line in f:
            m = re.match(r"^(BOARD_\w+)\s*:=\s*(.*?)\s*$", line)
            if m:
                out[m.group(1)] = m.group(2)
    return out


def params(board):
    """[(name, value)] of card_top for BOARD, in card_top's order; values as
    integers (the two one-bit parameters too: 0 or 1)."""
    v = board_vars(board)

    def get(name):
        if name not in v or not re.fullmatch(r"\d+", v[name]):
            raise SystemExit(f"card_params: hdl/boards/{board}/board.mk: {name} missing or not a number")
        return int(v[name])

    card = v.get("BOARD_CARD", "engines")
    if card == "farm":
        p = [("NUM_FLOWS", get("BOARD_NUM_FLOWS")), ("NUM_ENGINES", get("BOARD_FARM_ENGINES")),
             ("CTX_BANKS", get("BOARD_FARM_CTX_BANKS")), ("RC4_BRAM", 1), ("SMALL", 1), ("FARM", 1),
             ("FARM_LANES", get("BOARD_FARM_LANES")), ("FARM_UNITS", get("BOARD_FARM_UNITS")),
             ("FARM_UNIT_CH", get("BOARD_FARM_UNIT_CH")),
             ("FARM_LANE_RC4_DUAL", get("BOARD_FARM_LANE_RC4_DUAL")),
             ("FARM_UNIT_RC4_DUAL", get("BOARD_FARM_UNIT_RC4_DUAL"))]
    elif card == "engines":
        # card_top's defaults for the engine variant: register-file engines
        p = [("NUM_FLOWS", get("BOARD_NUM_FLOWS")), ("NUM_ENGINES", get("BOARD_NUM_ENGINES")),
             ("CTX_BANKS", 4), ("RC4_BRAM", 0), ("SMALL", 0), ("FARM", 0)]
    else:
        raise SystemExit(f"card_params: hdl/boards/{board}/board.mk: BOARD_CARD is '{card}', not farm or engines")
    for name in ("FARM_LANE_RC4_DUAL", "FARM_UNIT_RC4_DUAL"):
        if dict(p).get(name, 0) not in (0, 1):
            raise SystemExit(f"card_params: {name} must be 0 or 1")
    return p


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit("usage: card_params.py BOARD [--yosys | --lines]")
    p = params(sys.argv[1])
    how = sys.argv[2] if len(sys.argv) == 3 else "--lines"
    if how == "--yosys":
        print(" ".join(f"-set {k} {v}" for k, v in p))
    elif how == "--lines":
        print("\n".join(f"{k}={v}" for k, v in p))
    else:
        raise SystemExit(f"card_params: unknown option {how}")


if __name__ == "__main__":
    main()
