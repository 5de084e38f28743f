/*
 * What the GRE tests on real raw sockets share (test_gre_steer.c,
 * test_gre_share.c): a network namespace of the test's own with its
 * loopback up (needs root; it goes away with the process), and one GRE
 * datagram sent to 127.0.0.1 in it. Failures are cmocka assertions, so
 * include <cmocka.h> (and what it needs) before this header.
 */
#ifndef TESTS_UNIT_GRE_NETNS_H
#define TESTS_UNIT_GRE_NETNS_H

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static inline void own_netns_with_lo(void)
{
	struct ifreq ifr = { 0 };
	int fd;

	assert_int_equal(unshare(CLONE_NEWNET), 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	strcpy(ifr.ifr_name, "lo");
	assert_int_equal(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	assert_int_equal(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
}

static inline void send_gre(int fd, const uint8_t *p, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	assert_int_equal(sendto(fd, p, len, 0, (struct sockaddr *)&to, sizeof(to)), (ssize_t)len);
}

#endif
