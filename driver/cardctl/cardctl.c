/* The mppecardctl commands (cardctl.h). */
#include "cardctl.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "card/card_dev.h"
#include "card/card_engine.h"
#include "card_if.h"
#include "mppe/engine.h"
#include "vfio/pci_find.h"

/* ------------------------------------------------------------------ output */

/* One key/value per call; text "  key: value", JSON "key": value. The
 * caller opens and closes objects. */
struct out {
	FILE *f;
	bool json;
	bool first;                 /* no comma before the next JSON member */
	int depth;                  /* text indentation */
	int level;
	bool indented[8];           /* text: did the open at this level indent */
};

static void o_sep(struct out *o)
{
	if (o->json && !o->first)
		fputc(',', o->f);
	o->first = false;
}

static void o_open(struct out *o, const char *key, char kind)
{
	if (o->json) {
		o_sep(o);
		if (key)
			fprintf(o->f, "\"%s\":", key);
		fputc(kind, o->f);
	} else if (key) {
		fprintf(o->f, "%*s%s:\n", o->depth * 2, "", key);
	}
	o->first = true;
	o->indented[o->level & 7] = key != NULL;
	o->level++;
	o->depth += key != NULL;
}

static void o_close(struct out *o, char kind)
{
	if (o->json)
		fputc(kind, o->f);
	o->first = false;
	o->level--;
	o->depth -= o->indented[o->level & 7];
}

static void o_str(struct out *o, const char *key, const char *val)
{
	if (!o->json) {
		fprintf(o->f, "%*s%s: %s\n", o->depth * 2, "", key, val);
		return;
	}
	o_sep(o);
	fprintf(o->f, "\"%s\":\"", key);
	for (const char *s = val; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(o->f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(o->f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, o->f);
	}
	fputc('"', o->f);
}

static void o_u64(struct out *o, const char *key, uint64_t v)
{
	if (o->json) {
		o_sep(o);
		fprintf(o->f, "\"%s\":%llu", key, (unsigned long long)v);
	} else {
		fprintf(o->f, "%*s%s: %llu\n", o->depth * 2, "", key, (unsigned long long)v);
	}
}

static void o_bool(struct out *o, const char *key, bool v)
{
	if (o->json) {
		o_sep(o);
		fprintf(o->f, "\"%s\":%s", key, v ? "true" : "false");
	} else {
		fprintf(o->f, "%*s%s: %s\n", o->depth * 2, "", key, v ? "yes" : "no");
	}
}

static void o_end(struct out *o)
{
	if (o->json)
		fputc('\n', o->f);
}

/* ready and the self-test not failed (IDENT.CARD_STATE) */
static bool card_passed(uint32_t card_state)
{
	return (card_state & (CARD_IDENT_CARD_STATE_READY_MASK | CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK)) ==
	       CARD_IDENT_CARD_STATE_READY_MASK;
}

static const char *version_str(uint32_t v, char *buf, size_t cap)
{
	snprintf(buf, cap, "%u.%u.%u", v >> 16, (v >> 8) & 0xff, v & 0xff);
	return buf;
}

/* ------------------------------------------------------------------ list */

static void print_card(struct out *o, const struct pci_card_info *c)
{
	char buf[96], bars[160] = "";
	size_t len = 0;

	o_open(o, o->json ? NULL : c->addr, '{');
	o_str(o, "address", c->addr);
	snprintf(buf, sizeof(buf), "%04x:%04x", c->vendor, c->device);
	o_str(o, "id", buf);
	if (c->iommu_group >= 0)
		o_u64(o, "iommu_group", (uint64_t)c->iommu_group);
	else if (o->json)
		fprintf(o->f, ",\"iommu_group\":null");     /* never the first member */
	else
		o_str(o, "iommu_group", "none (no IOMMU)");
	o_str(o, "driver", c->driver[0] ? c->driver : "none");
	o_bool(o, "vfio_ready", c->iommu_group >= 0 && strcmp(c->driver, "vfio-pci") == 0);
	if (c->link_width) {
		snprintf(buf, sizeof(buf), "%s x%u (capable: %s x%u)", c->link_speed, c->link_width, c->link_max_speed,
			 c->link_max_width);
		o_str(o, "link", buf);
	} else {
		o_str(o, "link", "none (not PCI Express)");
	}
	if (o->json) {
		o_open(o, "bars", '[');
		for (int i = 0; i < 6; i++) {
			if (!c->bar_size[i])
				continue;
			o_open(o, NULL, '{');
			o_u64(o, "bar", (uint64_t)i);
			o_u64(o, "size", c->bar_size[i]);
			o_str(o, "type", c->bar_flags[i] & PCI_FIND_BAR_IO ? "io" : c->bar_flags[i] & PCI_FIND_BAR_64 ?
				  "mem64" : "mem32");
			o_bool(o, "prefetchable", c->bar_flags[i] & PCI_FIND_BAR_PREFETCH);
			o_close(o, '}');
		}
		o_close(o, ']');
	} else {
		for (int i = 0; i < 6; i++) {
			if (!c->bar_size[i])
				continue;
			len += (size_t)snprintf(bars + len, sizeof(bars) - len, "%sBAR%d %llu KiB%s", len ? ", " : "", i,
						(unsigned long long)(c->bar_size[i] / 1024),
						c->bar_flags[i] & PCI_FIND_BAR_IO ? " (I/O)" : "");
			if (len >= sizeof(bars))
				break;
		}
		o_str(o, "bars", len ? bars : "none");
	}
	o_close(o, '}');
}

int cardctl_list(int argc, char **argv, bool json, FILE *f, FILE *err)
{
	uint32_t vendor = CARD_PCI_VENDOR_ID, device = CARD_PCI_DEVICE_ID;
	struct pci_card_info cards[64];
	struct out o = { .f = f, .json = json, .first = true };
	const char *why = NULL;
	char id[16];
	int n;

	if (argc == 3 && strcmp(argv[1], "--id") == 0) {
		if (pci_parse_id(argv[2], &vendor, &device) < 0) {
			fprintf(err, "mppecardctl: '%s' is not a PCI ID: VVVV:DDDD in hex, e.g. 1234:11e8\n", argv[2]);
			return 2;
		}
	} else if (argc != 1) {
		fprintf(err, "usage: mppecardctl list [--id VVVV:DDDD]\n");
		return 2;
	}
	n = pci_card_list(vendor, device, cards, 64, &why);
	snprintf(id, sizeof(id), "%04x:%04x", vendor, device);
	if (n < 0) {
		fprintf(err, "mppecardctl: cannot read the PCI bus: %s\n", why);
		return 1;
	}
	if (json) {
		o_open(&o, NULL, '{');
		o_str(&o, "id", id);
		o_open(&o, "cards", '[');
		for (int i = 0; i < n && i < 64; i++)
			print_card(&o, &cards[i]);
		o_close(&o, ']');
		o_close(&o, '}');
		o_end(&o);
		return 0;
	}
	if (n == 0) {
		fprintf(f, "no card with PCI ID %s found%s\n", id,
			vendor == CARD_PCI_VENDOR_ID && device == CARD_PCI_DEVICE_ID ?
			" (the MPPE card; a simulated one is used as cardsim:SOCKET)" : "");
		return 0;
	}
	for (int i = 0; i < n && i < 64; i++)
		print_card(&o, &cards[i]);
	for (int i = 0; i < n && i < 64; i++)
		if (cards[i].iommu_group < 0 || strcmp(cards[i].driver, "vfio-pci") != 0) {
			fprintf(f, "%s: not ready for VFIO: %s\n", cards[i].addr,
				cards[i].iommu_group < 0 ? "no IOMMU group (boot with intel_iommu=on / amd_iommu=on)" :
				"bind it: driverctl set-override ADDRESS vfio-pci");
		}
	return 0;
}

/* ------------------------------------------------------------------ info */

static void print_ident(struct out *o, struct mppe_engine *e, const struct card_ident *id)
{
	struct card_dev *d = card_engine_dev(e);
	uint32_t ver = card_rd(d, CARD_HDR_VERSION);
	char buf[96], name[33];
	static const struct { uint32_t mask; const char *name; } capnames[] = {
		{ CARD_IDENT_CAPS_STATELESS_MASK, "stateless" }, { CARD_IDENT_CAPS_STATEFUL_MASK, "stateful" },
		{ CARD_IDENT_CAPS_KEY40_MASK, "40-bit" }, { CARD_IDENT_CAPS_KEY56_MASK, "56-bit" },
		{ CARD_IDENT_CAPS_KEY128_MASK, "128-bit" }, { CARD_IDENT_CAPS_FW_UPDATE_MASK, "firmware-update" },
		{ CARD_IDENT_CAPS_EVENT_LOG_MASK, "event-log" },
	};
	size_t len = 0;

	o_str(o, "card", mppe_engine_label(e));
	snprintf(buf, sizeof(buf), "%u.%u", ver >> 16, ver & 0xffff);
	o_str(o, "interface_version", buf);
	o_str(o, "firmware_version", version_str(id->fw_version, buf, sizeof(buf)));
	memcpy(name, id->fw_name, 32);
	name[32] = '\0';
	o_str(o, "firmware_name", name);
	snprintf(buf, sizeof(buf), "%08x", id->fw_crc);
	o_str(o, "firmware_crc32", buf);
	o_str(o, "rtl_version", version_str(id->rtl_version, buf, sizeof(buf)));
	o_u64(o, "mailbox_version", id->mbox_version);
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof capnames / sizeof capnames[0]; i++)
		if (id->caps & capnames[i].mask)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? " " : "", capnames[i].name);
	o_str(o, "capabilities", buf);
	o_u64(o, "flows", id->num_flows);
	o_u64(o, "flows_in_use", id->flows_in_use);
	o_u64(o, "data_queues", card_rd(d, CARD_CAP_NUM_QUEUES) - 1);
	o_u64(o, "clock_khz", card_rd(d, CARD_CAP_CLOCK_KHZ));
	o_bool(o, "ready", id->card_state & CARD_IDENT_CARD_STATE_READY_MASK);
	o_bool(o, "datapath_enabled", id->card_state & CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_MASK);
	o_bool(o, "fatal", id->card_state & CARD_IDENT_CARD_STATE_FATAL_MASK);
	o_str(o, "selftest", id->card_state & CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK ? "failed" :
	      id->card_state & CARD_IDENT_CARD_STATE_READY_MASK ? "passed" : "not run");
	snprintf(buf, sizeof(buf), "0x%08x", id->selftest);
	o_str(o, "selftest_failed_tests", buf);
	o_u64(o, "selftest_clocks", id->selftest_clk);
}

static int cmd_info(struct mppe_engine *e, struct out *o, FILE *err)
{
	struct card_ident id;

	if (card_engine_identify(e, &id) < 0) {
		fprintf(err, "mppecardctl: IDENTIFY: %s\n", strerror(errno));
		return 1;
	}
	o_open(o, NULL, '{');
	print_ident(o, e, &id);
	o_close(o, '}');
	o_end(o);
	return 0;
}

/* ------------------------------------------------------------------ selftest */

/* Encrypts the same packets on the card and in software and compares: the
 * firmware's power-on self-test checks the engine from inside the card;
 * this checks the whole path the host uses (rings, DMA, completions). */
static int datapath_check(struct mppe_engine *card, unsigned *packets, char *why, size_t cap)
{
	struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128 };
	struct mppe_engine *sw = mppe_engine_open("sw");
	uint8_t in[8][1500], out_c[8][1502], out_s[8][1502];
	uint16_t len[8];
	uint32_t fc = 0, fs = 0;
	int r = -1;

	*packets = 0;
	if (!sw) {
		snprintf(why, cap, "software engine: %s", strerror(errno));
		return -1;
	}
	for (unsigned i = 0; i < 16; i++)
		p.start_key[i] = (uint8_t)(0xa5 ^ (i * 29));
	if (mppe_flow_create(card, &p, &fc) < 0 || mppe_flow_create(sw, &p, &fs) < 0) {
		snprintf(why, cap, "creating a test flow: %s", strerror(errno));
		goto out;
	}
	for (unsigned i = 0; i < 8; i++) {
		len[i] = (uint16_t)(2 + i * 211);
		in[i][0] = 0x00;
		in[i][1] = 0x21;
		for (unsigned k = 2; k < len[i]; k++)
			in[i][k] = (uint8_t)(k * 7 + i);
	}
	for (unsigned i = 0; i < 8; i++) {
		struct mppe_engine *eng[2] = { card, sw };
		uint8_t *outs[2] = { out_c[i], out_s[i] };
		for (unsigned k = 0; k < 2; k++) {
			struct mppe_op op = { .cookie = i, .flow = k ? fs : fc, .opcode = MPPE_OP_ENCRYPT, .in = in[i],
					      .in_len = len[i], .out = outs[k], .out_cap = sizeof(out_c[i]) };
			struct mppe_completion m;
			struct timespec ts = { 0, 200000 };
			int got = 0;
			if (mppe_submit(eng[k], &op, 1) != 1) {
				snprintf(why, cap, "submit: %s", strerror(errno));
				goto out;
			}
			/* the card's own timeout ends this wait if it never answers */
			while ((got = mppe_poll(eng[k], &m, 1)) == 0)
				nanosleep(&ts, NULL);
			if (got < 0 || m.status != MPPE_OK || m.out_len != len[i] + 2) {
				snprintf(why, cap, "packet %u on the %s: status %u, %u octets", i, k ? "software engine" : "card",
					 got < 0 ? 999u : m.status, got < 0 ? 0u : m.out_len);
				goto out;
			}
		}
		if (memcmp(out_c[i], out_s[i], len[i] + 2u) != 0) {
			snprintf(why, cap, "packet %u (%u octets): the card's ciphertext differs from the software engine's",
				 i, len[i]);
			goto out;
		}
		(*packets)++;
	}
	r = 0;
out:
	mppe_flow_destroy(card, fc);
	mppe_engine_close(sw);
	return r;
}

static int cmd_selftest(struct mppe_engine *e, struct out *o, FILE *err)
{
	struct card_ident id;
	unsigned packets = 0;
	char why[160] = "";
	bool fw_ok, dp_ok;

	/* A reset runs the firmware's power-on self-test again. */
	if (card_engine_reset(e) < 0 || card_engine_identify(e, &id) < 0) {
		fprintf(err, "mppecardctl: reset and IDENTIFY: %s\n", strerror(errno));
		return 1;
	}
	fw_ok = card_passed(id.card_state);
	dp_ok = fw_ok && datapath_check(e, &packets, why, sizeof(why)) == 0;
	o_open(o, NULL, '{');
	o_str(o, "card", mppe_engine_label(e));
	o_str(o, "firmware_selftest", fw_ok ? "passed" : "failed");
	o_u64(o, "firmware_selftest_clocks", id.selftest_clk);
	o_u64(o, "firmware_failed_tests", id.selftest);
	o_str(o, "datapath", !fw_ok ? "not run" : dp_ok ? "passed" : "failed");
	o_u64(o, "datapath_packets_compared", packets);
	if (why[0])
		o_str(o, "datapath_error", why);
	o_str(o, "result", fw_ok && dp_ok ? "passed" : "failed");
	o_close(o, '}');
	o_end(o);
	return fw_ok && dp_ok ? 0 : 1;
}

/* ------------------------------------------------------------------ stats, flow show */

static void print_flowcnt(struct out *o, uint32_t flow, const struct card_flowcnt *fc)
{
	o_u64(o, "flow", flow);
	o_str(o, "direction", fc->dir ? "rx" : "tx");
	o_u64(o, "key_bits", fc->key_bits);
	o_str(o, "mode", fc->stateful ? "stateful" : "stateless");
	o_u64(o, "packets", fc->packets);
	o_u64(o, "bytes", fc->bytes);
	o_u64(o, "key_changes", fc->key_changes);
	o_u64(o, "ccp_resets", fc->ccp_resets);
	o_u64(o, "next_ccount", fc->next_ccount);
	if (fc->dir) {
		o_u64(o, "rx_dropped", fc->rx_dropped);
		o_u64(o, "rx_out_of_order", fc->rx_out_of_order);
		o_u64(o, "rx_missed", fc->rx_missed);
		o_u64(o, "rx_rekey_limited", fc->rx_rekey_limited);
		o_u64(o, "rx_implausible", fc->rx_implausible);
		o_u64(o, "sanity_errors", fc->sanity_errors);
		o_u64(o, "sanity_score", fc->sanity_score);
		o_bool(o, "discarding", fc->discarding);
	}
}

static int cmd_stats(struct mppe_engine *e, struct out *o, FILE *err)
{
	struct card_global_counters g;
	struct card_engine_stats st;
	struct card_ident id;
	unsigned found = 0;

	if (card_engine_identify(e, &id) < 0 || card_engine_card_counters(e, &g) < 0 ||
	    card_engine_stats(e, &st) < 0) {
		fprintf(err, "mppecardctl: reading the card: %s\n", strerror(errno));
		return 1;
	}
	o_open(o, NULL, '{');
	o_str(o, "card", mppe_engine_label(e));
	o_open(o, "card_counters", '{');
	o_u64(o, "clocks", g.cycles);
	o_u64(o, "operations", g.ops);
	o_u64(o, "errors", g.errors);
	o_u64(o, "bytes_in", g.bytes_in);
	o_u64(o, "bytes_out", g.bytes_out);
	o_u64(o, "engine_busy_clocks", g.engine_busy);
	o_u64(o, "interrupts", g.irqs);
	/* the management core reset into its golden image (docs/mgmt-core.md) */
	o_u64(o, "mgmt_watchdog_resets", (g.mgmt_boot & CARD_CTL_MGMT_BOOT_WATCHDOG_MASK) >>
					 CARD_CTL_MGMT_BOOT_WATCHDOG_SHIFT);
	o_u64(o, "mgmt_lockup_resets", (g.mgmt_boot & CARD_CTL_MGMT_BOOT_LOCKUP_MASK) >>
				       CARD_CTL_MGMT_BOOT_LOCKUP_SHIFT);
	o_u64(o, "mgmt_update_image", (g.mgmt_boot & CARD_CTL_MGMT_BOOT_UPDATE_MASK) ? 1 : 0);
	o_close(o, '}');
	o_open(o, "driver", '{');
	o_u64(o, "resets", st.resets);
	o_u64(o, "timeouts", st.timeouts);
	o_u64(o, "fatal_errors", st.fatal_errors);
	o_u64(o, "queue_errors", st.queue_errors);
	o_u64(o, "refused_completions", st.bad_cqes + st.bad_lengths);
	o_u64(o, "card_error_completions", st.card_errors);
	o_u64(o, "failed_operations", st.failed_ops);
	o_close(o, '}');
	o_u64(o, "flows_in_use", id.flows_in_use);
	o_open(o, "flows", '[');
	/* the card has no list of its flows: ask for each until all are found */
	for (uint32_t f = 0; f < id.num_flows && found < id.flows_in_use; f++) {
		struct card_flowcnt fc;
		char key[24];
		if (card_engine_flow_on_card(e, f, &fc) < 0) {
			if (errno == ENOENT)
				continue;
			fprintf(err, "mppecardctl: FLOW_COUNTERS %u: %s\n", f, strerror(errno));
			return 1;
		}
		snprintf(key, sizeof(key), "flow %u", f);
		o_open(o, o->json ? NULL : key, '{');
		print_flowcnt(o, f, &fc);
		o_close(o, '}');
		found++;
	}
	o_close(o, ']');
	o_close(o, '}');
	o_end(o);
	return 0;
}

static int cmd_flow_show(struct mppe_engine *e, const char *arg, struct out *o, FILE *err)
{
	struct card_flowcnt fc;
	char *end;
	unsigned long f = strtoul(arg, &end, 10);

	if (!*arg || *end || f > 0xffffff) {
		fprintf(err, "mppecardctl: '%s' is not a flow number\n", arg);
		return 2;
	}
	if (card_engine_flow_on_card(e, (uint32_t)f, &fc) < 0) {
		fprintf(err, "mppecardctl: flow %lu: %s\n", f,
			errno == ENOENT ? "not in use on the card (mppecardctl stats lists the flows in use)" :
			strerror(errno));
		return 1;
	}
	o_open(o, NULL, '{');
	print_flowcnt(o, (uint32_t)f, &fc);
	o_close(o, '}');
	o_end(o);
	return 0;
}

/* ------------------------------------------------------------------ firmware, reset */

static int cmd_fw_update(struct mppe_engine *e, const char *path, struct out *o, FILE *err)
{
	static const char *const reasons[] = { "bad header", "bad length", "payload CRC-32 mismatch",
					       "transfer failed" };
	uint8_t *img = malloc(CARD_FW_IMAGE_MAX + 1);
	struct card_ident before, after;
	uint32_t result = 0;
	char v0[16], v1[16];
	size_t len;
	FILE *f;
	int r = 1;

	if (!img)
		return 1;
	f = fopen(path, "rb");
	if (!f) {
		fprintf(err, "mppecardctl: %s: %s\n", path, strerror(errno));
		goto out;
	}
	len = fread(img, 1, CARD_FW_IMAGE_MAX + 1, f);
	fclose(f);
	if (len == 0 || len > CARD_FW_IMAGE_MAX) {
		fprintf(err, "mppecardctl: %s: %zu octets; a firmware image has 1 to %u\n", path, len,
			CARD_FW_IMAGE_MAX);
		goto out;
	}
	if (card_engine_identify(e, &before) < 0) {
		fprintf(err, "mppecardctl: IDENTIFY: %s\n", strerror(errno));
		goto out;
	}
	if (card_engine_fw_update(e, img, len, &result) < 0) {
		if (errno == EIO)
			fprintf(err, "mppecardctl: the card refused %s: %s; firmware %s keeps running\n", path,
				result < 4 ? reasons[result] : "unknown reason", version_str(before.fw_version, v0, sizeof(v0)));
		else
			fprintf(err, "mppecardctl: firmware update: %s\n", strerror(errno));
		goto out;
	}
	if (card_engine_identify(e, &after) < 0) {
		fprintf(err, "mppecardctl: IDENTIFY after the update: %s\n", strerror(errno));
		goto out;
	}
	o_open(o, NULL, '{');
	o_str(o, "card", mppe_engine_label(e));
	o_str(o, "previous_version", version_str(before.fw_version, v0, sizeof(v0)));
	o_str(o, "version", version_str(after.fw_version, v1, sizeof(v1)));
	o_str(o, "selftest", card_passed(after.card_state) ? "passed" : "failed");
	o_close(o, '}');
	o_end(o);
	r = after.fw_version == result && card_passed(after.card_state) ? 0 : 1;
out:
	free(img);
	return r;
}

static int cmd_reset(struct mppe_engine *e, struct out *o, FILE *err)
{
	struct card_ident id;

	if (card_engine_reset(e) < 0 || card_engine_identify(e, &id) < 0) {
		fprintf(err, "mppecardctl: reset: %s\n", strerror(errno));
		return 1;
	}
	o_open(o, NULL, '{');
	o_str(o, "card", mppe_engine_label(e));
	o_str(o, "reset", "done");
	o_bool(o, "ready", id.card_state & CARD_IDENT_CARD_STATE_READY_MASK);
	o_str(o, "selftest", id.card_state & CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK ? "failed" : "passed");
	o_close(o, '}');
	o_end(o);
	return card_passed(id.card_state) ? 0 : 1;
}

int cardctl_check(int argc, char **argv, FILE *err)
{
	char *end;

	if (argc == 1 && (!strcmp(argv[0], "info") || !strcmp(argv[0], "selftest") || !strcmp(argv[0], "stats") ||
			  !strcmp(argv[0], "reset")))
		return 0;
	if (argc == 3 && strcmp(argv[0], "flow") == 0 && strcmp(argv[1], "show") == 0) {
		unsigned long f = strtoul(argv[2], &end, 10);
		if (!*argv[2] || *end || f > 0xffffff) {
			fprintf(err, "mppecardctl: '%s' is not a flow number\n", argv[2]);
			return 2;
		}
		return 0;
	}
	if (argc == 3 && strcmp(argv[0], "firmware") == 0 && strcmp(argv[1], "update") == 0)
		return 0;
	fprintf(err, "mppecardctl: unknown command '%s' (info, selftest, stats, flow show N, firmware update FILE, "
		"reset)\n", argc ? argv[0] : "");
	return 2;
}

int cardctl_command(struct mppe_engine *e, int argc, char **argv, bool json, FILE *f, FILE *err)
{
	struct out o = { .f = f, .json = json, .first = true };

	if (cardctl_check(argc, argv, err))
		return 2;

	if (argc == 1 && strcmp(argv[0], "info") == 0)
		return cmd_info(e, &o, err);
	if (argc == 1 && strcmp(argv[0], "selftest") == 0)
		return cmd_selftest(e, &o, err);
	if (argc == 1 && strcmp(argv[0], "stats") == 0)
		return cmd_stats(e, &o, err);
	if (argc == 3 && strcmp(argv[0], "flow") == 0 && strcmp(argv[1], "show") == 0)
		return cmd_flow_show(e, argv[2], &o, err);
	if (argc == 3 && strcmp(argv[0], "firmware") == 0 && strcmp(argv[1], "update") == 0)
		return cmd_fw_update(e, argv[2], &o, err);
	if (argc == 1 && strcmp(argv[0], "reset") == 0)
		return cmd_reset(e, &o, err);
	fprintf(err, "mppecardctl: unknown command '%s' (info, selftest, stats, flow show N, firmware update FILE, "
		"reset)\n", argc ? argv[0] : "");
	return 2;
}
