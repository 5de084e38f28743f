#include "tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/route.h>
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

static int ctl_socket(void)
{
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
	int s = ctl_socket(), rc = -1;

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
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

int tun_set_addr(const char *name, uint32_t local, uint32_t peer)
{
	struct ifreq ifr;
	int s = ctl_socket(), rc = -1;

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
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

int tun_route(const char *name, uint32_t addr, bool add, unsigned mtu)
{
	struct rtentry rt;
	char dev[IFNAMSIZ];
	int s = ctl_socket(), rc;

	if (s < 0)
		return -1;
	memset(&rt, 0, sizeof(rt));
	snprintf(dev, sizeof(dev), "%s", name);
	set_sin(&rt.rt_dst, addr);
	set_sin(&rt.rt_genmask, 0xFFFFFFFFu);
	set_sin(&rt.rt_gateway, 0);
	rt.rt_flags = RTF_UP | RTF_HOST;
	if (add && mtu) {
		/* the session's MTU on the route: the kernel fragments or sends
		 * ICMP "fragmentation needed" itself instead of us dropping */
		rt.rt_flags |= RTF_MTU;
		rt.rt_mtu = mtu;
	}
	rt.rt_dev = dev;
	rc = ioctl(s, add ? SIOCADDRT : SIOCDELRT, &rt);
	if (rc < 0 && add && errno == EEXIST)
		rc = 0;
	close(s);
	return rc;
}
