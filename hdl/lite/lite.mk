# hdl/lite/: the crypto units of the iCE40 board (docs/hardware.md
# "iCEBreaker"): lite_crypto (RC4 unit, SHA-1 compression unit) on the
# management core's bus, sequenced by the firmware (firmware/lite/).
# Included from hdl/module.mk. The file list is RTL_LITE.
RTL_LITE := hdl/lite/lite_crypto.v hdl/lite/lite_rc4.v hdl/lite/lite_sha1.v

# The units in Verilator, driven by the firmware's own driver
# (firmware/lite/lite_units.c) against the driver's RC4 (OpenSSL) and SHA-1
# (nettle), RFC 6229 and RFC 3174 (sim/lite/tb_lite_crypto.c)
INCLUDE_DIRS += sim/lite
TB_LITE_OBJS := $(call objs_of,sim/lite/tb_lite_crypto.c firmware/lite/lite_units.c tests/unit/vectors.c driver/crypto.c)
$(call objs_of,sim/lite/tb_lite_crypto.c firmware/lite/lite_units.c): CPPFLAGS += -Itests/unit -Ifirmware/lite -Icontract
$(BUILD)/sim/lite/tb_lite_crypto: $(RTL_LITE) contract/mgmt_map.vh sim/lite/lite_top.cpp sim/lite/lite_pins.h sim/vl_wrap.h $(TB_LITE_OBJS)
	$(call verilate,lite_crypto,$@,$(BUILD)/sim/lite/obj,$(BUILD)/sim/lite/build.log,$(VL_FLAGS) $(VL_ASSERT) \
	    -CFLAGS "-I$(CURDIR)/sim/lite -I$(CURDIR)/sim" $(RTL_LITE) $(CURDIR)/sim/lite/lite_top.cpp \
	    $(addprefix $(CURDIR)/,$(TB_LITE_OBJS)) -LDFLAGS "-lcmocka -lnettle -lcrypto")
.PHONY: check-lite-crypto lint-lite
check-lite-crypto: $(BUILD)/sim/lite/tb_lite_crypto
	$(BUILD)/sim/lite/tb_lite_crypto --seed 1 --keys 300 --msgs 300
CHECK_TARGETS += check-lite-crypto
lint-lite:
	$(call vlint,lite_crypto,$(RTL_LITE))
	@echo "lint-lite: clean"
LINT_TARGETS  += lint-lite
CHECK_TARGETS += lint-lite
