/* Probe for network-order fields (ports, addresses, flowinfo, sll_protocol) as strace prints
 * them under -X abbrev|raw|verbose: sockaddr_in/in6/ll through bind, connect, sendto, sendmsg,
 * recvmsg, getsockname, accept; IP_PKTINFO and IP_ORIGDSTADDR cmsgs; the multicast setsockopt
 * structs; an inet_diag request and its answer. Run in a fresh network namespace (the probe
 * brings lo up): every port is fixed, so two runs print the same bytes. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

static void *unmapped(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	return p + 4096;
}

static void lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
}

static struct sockaddr_in in4(const char *a, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	inet_pton(AF_INET, a, &sa.sin_addr);
	return sa;
}

static struct sockaddr_in6 in6(const char *a, int port, unsigned flow, unsigned scope)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port),
				   .sin6_flowinfo = htonl(flow), .sin6_scope_id = scope };
	inet_pton(AF_INET6, a, &sa.sin6_addr);
	return sa;
}

static void udp4(void)
{
	struct sockaddr_in a = in4("127.0.0.1", 47101), b = in4("127.0.0.1", 47102), from;
	int one = 1;
	char data[8] = "ping", rbuf[16];
	char ctl[256];
	struct iovec iov = { data, 4 };
	socklen_t len = sizeof(from);

	int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(r, SOL_IP, IP_PKTINFO, &one, sizeof(one));
	setsockopt(r, SOL_IP, IP_RECVORIGDSTADDR, &one, sizeof(one));
	bind(r, (struct sockaddr *)&a, sizeof(a));
	bind(s, (struct sockaddr *)&b, sizeof(b));
	getsockname(s, (struct sockaddr *)&from, &len);
	sendto(s, data, 4, 0, (struct sockaddr *)&a, sizeof(a));

	/* sendmsg with an IP_PKTINFO cmsg naming the source address */
	struct msghdr mh = { .msg_name = &a, .msg_namelen = sizeof(a), .msg_iov = &iov,
			     .msg_iovlen = 1, .msg_control = ctl,
			     .msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo)) };
	memset(ctl, 0, sizeof(ctl));
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
	struct in_pktinfo pi = { .ipi_ifindex = 1 };
	inet_pton(AF_INET, "127.0.0.1", &pi.ipi_spec_dst);
	inet_pton(AF_INET, "10.1.2.3", &pi.ipi_addr);
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	sendmsg(s, &mh, 0);

	/* two receives: IP_PKTINFO and IP_ORIGDSTADDR cmsgs, and the sender's address */
	for (int i = 0; i < 2; i++) {
		struct iovec riov = { rbuf, sizeof(rbuf) };
		struct msghdr rh = { .msg_name = &from, .msg_namelen = sizeof(from),
				     .msg_iov = &riov, .msg_iovlen = 1, .msg_control = ctl,
				     .msg_controllen = sizeof(ctl) };
		recvmsg(r, &rh, 0);
	}
	/* a truncated sockaddr_in, an unmapped one, NULL */
	sendto(s, data, 4, 0, (struct sockaddr *)&a, 8);
	sendto(s, data, 4, 0, (struct sockaddr *)&a, 15);
	sendto(s, data, 4, 0, (struct sockaddr *)unmapped() - 8, 16);
	bind(s, NULL, sizeof(a));
	close(r);
	close(s);
}

static void tcp4(void)
{
	struct sockaddr_in a = in4("127.0.0.1", 47103), b = in4("127.0.0.1", 47104), peer;
	socklen_t len = sizeof(peer);
	int one = 1;
	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(l, (struct sockaddr *)&a, sizeof(a));
	listen(l, 4);
	bind(c, (struct sockaddr *)&b, sizeof(b));
	connect(c, (struct sockaddr *)&a, sizeof(a));
	int s = accept(l, (struct sockaddr *)&peer, &len);
	len = sizeof(peer);
	getpeername(c, (struct sockaddr *)&peer, &len);
	close(s);
	close(c);
	/* l stays open: the inet_diag dump finds it */
}

static void udp6(void)
{
	struct sockaddr_in6 a = in6("::1", 47105, 0, 0), b = in6("::1", 47106, 0x12345, 0);
	struct sockaddr_in6 ll = in6("fe80::1", 47107, 0, 1), mc = in6("ff02::1", 47108, 7, 1);
	struct sockaddr_in6 gl = in6("2001:db8::5", 47109, 0xfffff, 3), from;
	socklen_t len = sizeof(from);
	char data[4] = "pong", rbuf[8];
	int r = socket(AF_INET6, SOCK_DGRAM, 0), s = socket(AF_INET6, SOCK_DGRAM, 0);
	bind(r, (struct sockaddr *)&a, sizeof(a));
	bind(s, (struct sockaddr *)&b, sizeof(b));
	getsockname(s, (struct sockaddr *)&from, &len);
	sendto(s, data, 4, 0, (struct sockaddr *)&a, sizeof(a));
	len = sizeof(from);
	recvfrom(r, rbuf, sizeof(rbuf), 0, (struct sockaddr *)&from, &len);
	sendto(s, data, 4, 0, (struct sockaddr *)&ll, sizeof(ll));
	sendto(s, data, 4, 0, (struct sockaddr *)&mc, sizeof(mc));
	connect(s, (struct sockaddr *)&gl, sizeof(gl));
	connect(s, (struct sockaddr *)&gl, 24); /* no sin6_scope_id */
	connect(s, (struct sockaddr *)&gl, 20); /* shorter than SIN6_MIN_LEN */
	close(r);
	close(s);
}

static void mcast(void)
{
	int s4 = socket(AF_INET, SOCK_DGRAM, 0), s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	struct ip_mreq m = { 0 };
	struct ip_mreqn mn = { .imr_ifindex = 1 };
	inet_pton(AF_INET, "239.1.2.3", &m.imr_multiaddr);
	inet_pton(AF_INET, "127.0.0.1", &m.imr_interface);
	mn.imr_multiaddr = m.imr_multiaddr;
	setsockopt(s4, SOL_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m));
	setsockopt(s4, SOL_IP, IP_DROP_MEMBERSHIP, &mn, sizeof(mn));
	setsockopt(s4, SOL_IP, IP_ADD_MEMBERSHIP, &m, 4);
	setsockopt(s4, SOL_IP, IP_ADD_MEMBERSHIP, unmapped() - 4, sizeof(m));

	struct ipv6_mreq m6 = { .ipv6mr_interface = 1 };
	inet_pton(AF_INET6, "ff02::1:3", &m6.ipv6mr_multiaddr);
	setsockopt(s6, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof(m6));
	setsockopt(s6, SOL_IPV6, IPV6_DROP_MEMBERSHIP, &m6, sizeof(m6));
	setsockopt(s6, SOL_IPV6, IPV6_JOIN_ANYCAST, &m6, sizeof(m6) - 1);

	struct group_req g = { .gr_interface = 1 };
	struct sockaddr_in *g4 = (struct sockaddr_in *)&g.gr_group;
	*g4 = in4("239.4.5.6", 47110);
	setsockopt(s4, SOL_IP, MCAST_JOIN_GROUP, &g, sizeof(g));
	setsockopt(s4, SOL_IP, MCAST_LEAVE_GROUP, &g, sizeof(g));
	struct sockaddr_in6 *g6 = (struct sockaddr_in6 *)&g.gr_group;
	*g6 = in6("ff02::7", 47111, 0, 1);
	setsockopt(s6, SOL_IPV6, MCAST_JOIN_GROUP, &g, sizeof(g));
	setsockopt(s6, SOL_IPV6, MCAST_JOIN_GROUP, &g, sizeof(g) - 8);
	close(s4);
	close(s6);
}

static void packet(void)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				  .sll_ifindex = 1 }, got;
	socklen_t len = sizeof(got);
	int s = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (s < 0)
		return;
	bind(s, (struct sockaddr *)&ll, sizeof(ll));
	getsockname(s, (struct sockaddr *)&got, &len);
	ll.sll_protocol = htons(0x1234); /* no name */
	bind(s, (struct sockaddr *)&ll, sizeof(ll));
	close(s);
}

static void diag(void)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} q = {
		.nlh = { .nlmsg_len = sizeof(q), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.req = { .sdiag_family = AF_INET, .sdiag_protocol = IPPROTO_TCP,
			 .idiag_states = 1 << 10 /* TCP_LISTEN */ },
	};
	q.req.id.idiag_sport = htons(47103);
	inet_pton(AF_INET, "127.0.0.1", &q.req.id.idiag_src);
	inet_pton(AF_INET, "10.9.8.7", &q.req.id.idiag_dst);
	q.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	q.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	char buf[1024];
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	int s = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_SOCK_DIAG);
	/* bound before the first send: the socket is in /proc/net/netlink from then on */
	bind(s, (struct sockaddr *)&nl, sizeof(nl));
	send(s, &q, sizeof(q), 0);
	while (recv(s, buf, sizeof(buf), MSG_DONTWAIT) > 0
	       && ((struct nlmsghdr *)buf)->nlmsg_type != NLMSG_DONE)
		;
	/* the same request for AF_INET6 (no listener: only NLMSG_DONE comes back) */
	q.req.sdiag_family = AF_INET6;
	inet_pton(AF_INET6, "fe80::2", &q.req.id.idiag_src);
	inet_pton(AF_INET6, "::ffff:1.2.3.4", &q.req.id.idiag_dst);
	q.req.id.idiag_dport = htons(47199);
	send(s, &q, sizeof(q), 0);
	recv(s, buf, sizeof(buf), MSG_DONTWAIT);
	close(s);
}

int main(void)
{
	lo_up();
	udp4();
	tcp4();
	udp6();
	mcast();
	packet();
	diag();
	return 0;
}
