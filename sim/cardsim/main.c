/*
 * cardsim: the MPPE offload card in Verilator, served over vfio-user.
 *
 *   cardsim --socket PATH [--firmware FILE.hex] [--trace FILE.fst] [--dma-latency CLOCKS]
 *           [--dma-ack-latency CLOCKS] [--dma-stall PERCENT] [--tlp] [--stats FILE] [--verbose]
 *
 * The DMA latencies default to realistic values (cardsim_defaults.h), not
 * to zero: a card measured at zero latency hides what its host interface
 * does while it waits for host memory.
 *
 * --tlp serves the card through its PCIe adapter (hdl/pcie/) with TLPs
 * instead of at its abstract ports (docs/pcie.md).
 *
 * The firmware defaults to ../firmware/firmware.hex next to the cardsim
 * binary (build/bin/cardsim -> build/firmware/firmware.hex, which the
 * top-level build makes), wherever it is started from; without a readable
 * image the management core never becomes ready and the card says so in
 * its status.
 *
 * One thread: the card runs free in batches of clocks; between batches the
 * server answers vfio-user messages and picks up doorbells from the shared
 * doorbell page. When the card has nothing in flight it sleeps in poll()
 * until a message arrives (the client wakes it with a posted write when it
 * rings a doorbell while the server sleeps, see vfio_user.h).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cardsim_defaults.h"
#include "pns_version.h"
#include "vfu_server.h"

#define BATCH_CLOCKS 256

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: cardsim --socket PATH [--firmware FILE.hex] [--trace FILE.fst] "
		"[--dma-latency CLOCKS] [--dma-ack-latency CLOCKS] [--dma-stall PERCENT] [--tlp] [--stats FILE] [--verbose]\n"
		"       cardsim --help | --version\n"
		"  -s, --socket PATH        the vfio-user socket to serve the card on\n"
		"  -f, --firmware FILE.hex  management core firmware (default: ../firmware/firmware.hex\n"
		"                           beside this program)\n"
		"  -t, --trace FILE.fst     waveform trace (builds made with CARDSIM_WAVES=1)\n"
		"  -l, --dma-latency CLOCKS clocks from a DMA read request to its data (default %u)\n"
		"  -a, --dma-ack-latency CLOCKS\n"
		"                           clocks from a write burst's last beat to its\n"
		"                           acknowledgement (default %u)\n"
		"  -S, --dma-stall PERCENT  stall the bus that share of clocks (at most 90)\n"
		"  -T, --tlp                serve through the PCIe adapter, as TLPs\n"
		"      --stats FILE         on stopping, write the card's statistics there\n"
		"                           (farm_ops=N: operations the engine farm took)\n"
		"  -v, --verbose            log every vfio-user message\n"
		"  -h, --help               this text;  --version  the version\n",
		CARDSIM_DMA_LATENCY_DEFAULT, CARDSIM_DMA_ACK_LATENCY_DEFAULT);
}

/* ../firmware/firmware.hex beside the binary, not in the current directory */
static const char *default_firmware(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0)
		return "build/firmware/firmware.hex";
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL || (size_t)(slash - buf) + sizeof("/../firmware/firmware.hex") > len)
		return "build/firmware/firmware.hex";
	strcpy(slash, "/../firmware/firmware.hex");
	return buf;
}

/* written whole, then renamed: a reader sees all of it or nothing */
static int write_stats(const char *path, uint64_t farm_ops)
{
	char tmp[4096];
	FILE *f;
	int bad;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	bad = fprintf(f, "farm_ops=%llu\n", (unsigned long long)farm_ops) < 0;
	if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct vfu_server srv;
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "trace", required_argument, NULL, 't' },
		{ "firmware", required_argument, NULL, 'f' },
		{ "dma-latency", required_argument, NULL, 'l' },
		{ "dma-ack-latency", required_argument, NULL, 'a' },
		{ "dma-stall", required_argument, NULL, 'S' },
		{ "tlp", no_argument, NULL, 'T' },
		{ "stats", required_argument, NULL, 'X' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static char fw_buf[4096];
	const char *path = NULL, *trace = NULL, *stats = NULL, *firmware = default_firmware(fw_buf, sizeof(fw_buf));
	unsigned latency = CARDSIM_DMA_LATENCY_DEFAULT, ack_latency = CARDSIM_DMA_ACK_LATENCY_DEFAULT, stall_pct = 0;
	bool verbose = false, tlp = false;
	uint64_t farm_ops;
	struct sigaction sa = { .sa_handler = on_signal };
	int c;

	while ((c = getopt_long(argc, argv, "s:t:f:l:a:S:Tvh", opts, NULL)) != -1) {
		switch (c) {
		case 's': path = optarg; break;
		case 't': trace = optarg; break;
		case 'f': firmware = optarg; break;
		case 'l': latency = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'a': ack_latency = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'S': stall_pct = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'T': tlp = true; break;
		case 'X': stats = optarg; break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("cardsim (pptp-mppe) %s\n", PNS_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!path || optind != argc) {
		usage(stderr);
		return 2;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (trace && !card_rtl_can_trace()) {
		fprintf(stderr, "cardsim: --trace: this cardsim was built without waveforms (make CARDSIM_WAVES=1)\n");
		return 2;
	}
	if (access(firmware, R_OK) != 0) {
		fprintf(stderr, "cardsim: firmware %s: %s\n", firmware, strerror(errno));
		return 1;
	}
	if (vfu_init(&srv, path, trace, firmware) < 0) {
		fprintf(stderr, "cardsim: %s: %s\n", path, strerror(errno));
		return 1;
	}
	srv.verbose = verbose;
	srv.pm.dma_latency = latency;
	srv.pm.dma_ack_latency = ack_latency;
	srv.pm.dma_stall = stall_pct > 90 ? 90 : stall_pct;
	if (tlp && pcie_set_tlp(&srv.pm) < 0) {
		fprintf(stderr, "cardsim: --tlp: %s\n", strerror(errno));
		return 1;
	}
	fprintf(stderr, "cardsim: serving the card on %s%s, DMA latency %u clocks, acknowledgements %u%s%s\n", path,
		tlp ? " through its PCIe adapter (TLPs)" : "", latency, ack_latency,
		trace ? ", waveform to " : "", trace ? trace : "");

	while (!stop) {
		struct pollfd pf[2] = { { srv.listen_fd, POLLIN, 0 }, { srv.client_fd, POLLIN, 0 } };
		bool busy = !pcie_quiet(&srv.pm);
		int timeout = 0, n;

		if (!busy) {
			/* Sleep, unless a doorbell arrived after we last looked. */
			vfu_set_sleeping(&srv, true);
			if (vfu_apply_doorbells(&srv) == 0)
				timeout = 100;
		}
		n = poll(pf, srv.client_fd >= 0 ? 2 : 1, timeout);
		vfu_set_sleeping(&srv, false);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (pf[0].revents & POLLIN))
			vfu_accept(&srv);
		if (n > 0 && srv.client_fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			/* answer what is waiting, a bounded number per batch */
			for (int i = 0; i < 64 && srv.client_fd >= 0; i++) {
				struct pollfd q = { srv.client_fd, POLLIN, 0 };
				if (vfu_handle_one(&srv) < 0 || poll(&q, 1, 0) <= 0)
					break;
			}
		}
		vfu_apply_doorbells(&srv);
		for (int i = 0; i < BATCH_CLOCKS; i++)
			pcie_cycle(&srv.pm);
	}
	fprintf(stderr, "cardsim: stopping after %llu clocks, %llu messages, %llu clients, "
		"%llu DMA faults, %llu DMA framing errors, %u DMA reads in flight at most, %llu answered out of order\n",
		(unsigned long long)card_rtl_cycles(srv.pm.rtl), (unsigned long long)srv.msgs,
		(unsigned long long)srv.clients_dropped, (unsigned long long)srv.pm.dma_faults,
		(unsigned long long)srv.pm.bus_errors, srv.pm.rd_max_inflight,
		(unsigned long long)srv.pm.rd_reordered);
	farm_ops = card_rtl_farm_ops(srv.pm.rtl);
	if (farm_ops)
		fprintf(stderr, "cardsim: %llu operations through the engine farm\n", (unsigned long long)farm_ops);
	if (stats && write_stats(stats, farm_ops) < 0)
		fprintf(stderr, "cardsim: --stats %s: %s\n", stats, strerror(errno));
	vfu_fini(&srv);
	return 0;
}
