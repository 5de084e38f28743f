# contract/: what the card's hardware and its software agree on, in one
# folder that the RTL (-Icontract), the firmware, the driver, cardsim and the
# tests (INCLUDE_DIRS) all read. Four sources, each the one place its
# constants are written, and contract/gen_contract.py turns each into a
# Verilog include, a C header and a reference document:
#   card_if.txt    the host interface: BAR0 registers, ring entries, admin
#                  formats, status codes      -> card_if.vh card_if.h docs/card-interface.md
#   mgmt_map.txt   the management core's memory map, firmware <-> RTL
#                                             -> mgmt_map.vh mgmt_map.h docs/mgmt-map.md
#   mppe_codes.txt the MPPE engine's opcodes, statuses, flags, shared by the
#                  software engine (libmppe's enum mppe_status) and the RTL engine
#                                             -> mppe_codes.vh mppe_codes.h docs/mppe-codes.md
#   mppe_ctx_bus.txt the flow-context port's request and response words,
#                  RTL <-> RTL and the Verilator harnesses
#                                             -> mppe_ctx_bus.vh mppe_ctx_bus.h docs/mppe-ctx-bus.md
# The generated files are checked in (a reader finds them next to their
# source; the FPGA tools need no Python); `make contract` rewrites them and
# `make check` (check-contract) fails when one differs from what its source
# gives. Written by hand, shared as they are: vfio_user.h (the vfio-user
# protocol of the driver's client and cardsim's server) and byteorder.h (the
# little-endian loads/stores of the card's formats).
INCLUDE_DIRS += contract
CONTRACT_GEN := python3 contract/gen_contract.py
CARD_IF_GEN := $(CONTRACT_GEN) contract/card_if.txt --intro contract/card_if_intro.md \
               --vh contract/card_if.vh --h contract/card_if.h --md docs/card-interface.md
MGMT_MAP_GEN := $(CONTRACT_GEN) contract/mgmt_map.txt --prefix MGMT --guard MGMT_MAP \
               --title "Management core memory map" --regs-title Registers --block-offsets \
               --vh contract/mgmt_map.vh --h contract/mgmt_map.h --md docs/mgmt-map.md
MPPE_CODES_GEN := $(CONTRACT_GEN) contract/mppe_codes.txt --prefix MPPE --guard MPPE_CODES \
               --title "MPPE engine codes" --vh contract/mppe_codes.vh --h contract/mppe_codes.h \
               --md docs/mppe-codes.md
MPPE_CTX_BUS_GEN := $(CONTRACT_GEN) contract/mppe_ctx_bus.txt --prefix MPPE --guard MPPE_CTX_BUS \
               --title "MPPE context port buses" --vh contract/mppe_ctx_bus.vh --h contract/mppe_ctx_bus.h \
               --md docs/mppe-ctx-bus.md

.PHONY: contract check-contract card-if check-card-if
contract:
	$(CARD_IF_GEN)
	$(MGMT_MAP_GEN)
	$(MPPE_CODES_GEN)
	$(MPPE_CTX_BUS_GEN)
check-contract:
	$(CARD_IF_GEN) --check
	$(MGMT_MAP_GEN) --check
	$(MPPE_CODES_GEN) --check
	$(MPPE_CTX_BUS_GEN) --check
	@echo "check-contract: generated files are current"
# the earlier names
card-if: contract
check-card-if: check-contract
CHECK_TARGETS += check-contract
