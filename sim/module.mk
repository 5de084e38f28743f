# sim/: the simulated card (cardsim) and the card interface definitions.
#
# The card interface has one source, hdl/card_if.txt; `make card-if`
# regenerates hdl/card_if.vh, driver/card/card_if.h and
# docs/card-interface.md, and `make check` fails if they are stale.
CARD_IF_SRC := hdl/card_if.txt
CARD_IF_GEN := python3 hdl/gen_card_if.py $(CARD_IF_SRC) --vh hdl/card_if.vh \
               --h driver/card/card_if.h --md docs/card-interface.md --intro hdl/card_if_intro.md

.PHONY: card-if check-card-if
card-if:
	$(CARD_IF_GEN)
check-card-if:
	$(CARD_IF_GEN) --check
	@echo "card-if: generated files are current"
CHECK_TARGETS += check-card-if
