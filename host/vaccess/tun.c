#include "tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int tun_open(char name[IFNAMSIZ])
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	snprintf(name, IFNAMSIZ, "%s", ifr.ifr_name);
	return fd;
}

/* A socket for the interface ioctls, and ifr cleared and naming the device */
static int ctl_socket(const char *name, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, IFNAMSIZ, "%s", name);
	return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

static void set_sin(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	memcpy(sa, &sin, sizeof(sin));
}

int tun_up(const char *name, unsigned mtu)
{
	struct ifreq ifr;
	int s = ctl_socket(name, &ifr), rc = -1;

	if (s < 0)
		return -1;
	ifr.ifr_mtu = (int)mtu;
	if (ioctl(s, SIOCSIFMTU, &ifr) < 0)
		goto out;
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		goto out;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		goto out;
	rc = 0;
out:
	close(s);
	return rc;
}

int tun_set_txqueuelen(const char *name, unsigned len)
{
	struct ifreq ifr;
	int s = ctl_socket(name, &ifr), rc;

	if (s < 0)
		return -1;
	ifr.ifr_qlen = (int)len;
	rc = ioctl(s, SIOCSIFTXQLEN, &ifr) < 0 ? -1 : 0;
	close(s);
	return rc;
}

int tun_set_addr(const char *name, uint32_t local, uint32_t peer)
{
	struct ifreq ifr;
	int s = ctl_socket(name, &ifr), rc = -1;

	if (s < 0)
		return -1;
	set_sin(&ifr.ifr_addr, local);
	if (ioctl(s, SIOCSIFADDR, &ifr) < 0)
		goto out;
	if (local == 0) {           /* 0.0.0.0 removes the addresses: nothing more to set */
		rc = 0;
		goto out;
	}
	set_sin(&ifr.ifr_netmask, 0xFFFFFFFFu);
	if (ioctl(s, SIOCSIFNETMASK, &ifr) < 0)
		goto out;
	if (peer) {
		set_sin(&ifr.ifr_dstaddr, peer);
		if (ioctl(s, SIOCSIFDSTADDR, &ifr) < 0)
			goto out;
	}
	rc = 0;
out:
	close(s);
	return rc;
}

/*
 * The host route addr/32 through the TUN, by rtnetlink. The session's MTU
 * goes on the route as RTAX_MTU, so that the kernel fragments a larger
 * packet (or answers "fragmentation needed" when DF is set) instead of
 * handing pnsd a packet it must drop. The older SIOCADDRT ioctl cannot do
 * this: its RTF_MTU only sets the advertised TCP MSS (RTAX_ADVMSS), which
 * is why packets between the MTU and 1500 octets to a client with a small
 * MRU (Windows asks for 1400) were lost.
 */
/* not inlined: GCC 12 misjudges the attribute area past the header as empty */
__attribute__((noinline)) static void nl_attr(struct nlmsghdr *h, size_t cap, unsigned short type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	if (NLMSG_ALIGN(h->nlmsg_len) + RTA_SPACE(len) > cap)
		return;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	h->nlmsg_len = (uint32_t)(NLMSG_ALIGN(h->nlmsg_len) + RTA_SPACE(len));
}

/* The route dst/dst_len (family's address, network order) through name. */
static int nl_route(const char *name, unsigned char family, const void *dst, unsigned dst_len, bool add,
		    unsigned mtu)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg r;
		char attrs[128];
	} req;
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
		char more[64];
	} ans;
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	uint32_t oif = if_nametoindex(name);
	int fd, rc = -1;
	ssize_t n;

	if (oif == 0)
		return -1;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.h.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	req.h.nlmsg_seq = 1;
	req.r.rtm_family = family;
	req.r.rtm_dst_len = (unsigned char)dst_len;
	req.r.rtm_table = RT_TABLE_MAIN;
	req.r.rtm_protocol = RTPROT_BOOT;
	req.r.rtm_scope = RT_SCOPE_LINK;
	req.r.rtm_type = RTN_UNICAST;
	nl_attr(&req.h, sizeof(req), RTA_DST, dst, family == AF_INET6 ? 16 : 4);
	nl_attr(&req.h, sizeof(req), RTA_OIF, &oif, 4);
	if (add && mtu) {
		struct {
			struct rtattr a;
			uint32_t v;
		} m = { { (unsigned short)RTA_LENGTH(4), RTAX_MTU }, (uint32_t)mtu };

		nl_attr(&req.h, sizeof(req), RTA_METRICS, &m, sizeof(m));
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	if (sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&nl, sizeof(nl)) < 0)
		goto out;
	n = recv(fd, &ans, sizeof(ans), 0);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || ans.h.nlmsg_type != NLMSG_ERROR) {
		errno = EPROTO;
		goto out;
	}
	if (ans.e.error == 0 || (!add && ans.e.error == -ESRCH)) {
		rc = 0;
	} else {
		errno = -ans.e.error;
	}
out:
	close(fd);
	return rc;
}

int tun_route(const char *name, uint32_t addr, bool add, unsigned mtu)
{
	uint32_t dst = htonl(addr);

	return nl_route(name, AF_INET, &dst, 32, add, mtu);
}

int tun_route6(const char *name, const uint8_t prefix[8], bool add, unsigned mtu)
{
	uint8_t dst[16] = { 0 };

	memcpy(dst, prefix, 8);
	return nl_route(name, AF_INET6, dst, 64, add, mtu);
}
