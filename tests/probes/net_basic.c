/* Probe for the network decoders: TCP/UDP over 127.0.0.1 and ::1, UNIX sockets (paths,
 * abstract, unnamed), socketpair, SCM_RIGHTS/SCM_CREDENTIALS, sockopts, mmsg calls,
 * sockaddrs of other families passed to failing calls, NULL/unmapped/short arguments. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void *unmapped(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	return p + 4096;
}

static void tcp(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
	socklen_t len = sizeof(sa);
	int one = 1, val = 0;
	char buf[64];
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct linger lg = { 1, 5 };
	setsockopt(ls, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	bind(ls, (struct sockaddr *)&sa, sizeof(sa));
	listen(ls, 8);
	getsockname(ls, (struct sockaddr *)&sa, &len);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	connect(c, (struct sockaddr *)&sa, sizeof(sa));
	struct sockaddr_in peer;
	len = sizeof(peer);
	int s = accept4(ls, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
	len = sizeof(peer);
	getpeername(c, (struct sockaddr *)&peer, &len);
	len = sizeof(val);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &val, &len);
	len = sizeof(val);
	getsockopt(c, SOL_SOCKET, SO_TYPE, &val, &len);
	len = sizeof(val);
	getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, &len);
	len = sizeof(lg);
	getsockopt(ls, SOL_SOCKET, SO_LINGER, &lg, &len);
	sendto(c, "hello\n\001world", 12, MSG_NOSIGNAL, NULL, 0);
	recvfrom(s, buf, sizeof(buf), 0, NULL, NULL);
	send(s, "a reply that is longer than thirty-two bytes", 44, 0);
	len = sizeof(peer);
	recvfrom(c, buf, sizeof(buf), MSG_PEEK, (struct sockaddr *)&peer, &len);
	recv(c, buf, sizeof(buf), MSG_DONTWAIT);
	recv(c, buf, sizeof(buf), MSG_DONTWAIT);
	struct iovec iov[2] = { { "ab", 2 }, { "cdef", 4 } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	sendmsg(c, &mh, 0);
	char r1[3], r2[16];
	struct iovec riov[2] = { { r1, 3 }, { r2, 16 } };
	struct msghdr rmh = { .msg_iov = riov, .msg_iovlen = 2 };
	recvmsg(s, &rmh, 0);
	shutdown(c, SHUT_WR);
	shutdown(s, SHUT_RDWR);
	close(s);
	close(c);
	close(ls);
}

static void udp(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	char buf[64];
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	int a = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	bind(a, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(a, (struct sockaddr *)&sa, &len);
	int b = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	sendto(b, "datagram", 8, 0, (struct sockaddr *)&sa, sizeof(sa));
	struct sockaddr_in from;
	len = sizeof(from);
	recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	len = sizeof(from) + 4;
	recvfrom(b, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &len);
	connect(b, (struct sockaddr *)&sa, sizeof(sa));
	struct iovec i1 = { "one", 3 }, i2 = { "two!", 4 };
	struct mmsghdr mm[2] = {
		{ .msg_hdr = { .msg_iov = &i1, .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_iov = &i2, .msg_iovlen = 1 } },
	};
	sendmmsg(b, mm, 2, 0);
	char r1[8], r2[8];
	struct iovec j1 = { r1, 8 }, j2 = { r2, 8 };
	struct sockaddr_in f1, f2;
	struct mmsghdr rm[2] = {
		{ .msg_hdr = { .msg_name = &f1, .msg_namelen = sizeof(f1), .msg_iov = &j1, .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_name = &f2, .msg_namelen = sizeof(f2), .msg_iov = &j2, .msg_iovlen = 1 } },
	};
	recvmmsg(a, rm, 2, MSG_DONTWAIT, NULL);
	int ttl = 1;
	setsockopt(a, IPPROTO_IP, IP_PKTINFO, &ttl, sizeof(ttl));
	setsockopt(a, IPPROTO_IP, IP_RECVTTL, &ttl, sizeof(ttl));
	sendto(b, "x", 1, 0, NULL, 0);
	char cbuf[128];
	struct msghdr cm = { .msg_name = &f1, .msg_namelen = sizeof(f1), .msg_iov = &j1, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	recvmsg(a, &cm, 0);
	close(a);
	close(b);
}

static void inet6(void)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(0) };
	socklen_t len = sizeof(sa);
	inet_pton(AF_INET6, "::1", &sa.sin6_addr);
	int a = socket(AF_INET6, SOCK_DGRAM, 0);
	bind(a, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(a, (struct sockaddr *)&sa, &len);
	sendto(a, "six", 3, 0, (struct sockaddr *)&sa, sizeof(sa));
	char buf[8];
	struct sockaddr_in6 from;
	len = sizeof(from);
	recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	inet_pton(AF_INET6, "fe80::1", &sa.sin6_addr);
	sa.sin6_scope_id = 1;
	sa.sin6_flowinfo = htonl(7);
	connect(-1, (struct sockaddr *)&sa, sizeof(sa));
	connect(-1, (struct sockaddr *)&sa, 24);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &sa.sin6_addr);
	connect(-1, (struct sockaddr *)&sa, sizeof(sa));
	close(a);
}

static void unix_sockets(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len;
	char buf[64];
	strcpy(sa.sun_path, "/tmp/pytrace-net-probe.sock");
	unlink(sa.sun_path);
	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(ls, (struct sockaddr *)&sa, sizeof(sa));
	listen(ls, 1);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + strlen(sa.sun_path) + 1);
	struct sockaddr_un peer;
	len = sizeof(peer);
	int s = accept(ls, (struct sockaddr *)&peer, &len);
	len = sizeof(peer);
	getpeername(c, (struct sockaddr *)&peer, &len);
	len = sizeof(peer);
	getsockname(c, (struct sockaddr *)&peer, &len);
	struct ucred uc;
	len = sizeof(uc);
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &uc, &len);
	/* SCM_RIGHTS */
	int fds[2] = { 0, 1 };
	char cbuf[CMSG_SPACE(sizeof(fds))];
	struct iovec iov = { "F", 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&mh);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(cmsg), fds, sizeof(fds));
	sendmsg(c, &mh, 0);
	char rbuf[CMSG_SPACE(sizeof(fds))];
	char rb[4];
	struct iovec riov = { rb, 4 };
	struct msghdr rmh = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = rbuf, .msg_controllen = sizeof(rbuf) };
	recvmsg(s, &rmh, MSG_CMSG_CLOEXEC);
	close(s);
	close(c);
	close(ls);
	unlink(sa.sun_path);

	/* abstract and unnamed, datagram, SCM_CREDENTIALS */
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, "\0pytrace-abstract", 17);
	int d = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bind(d, (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + 17);
	int one = 1;
	setsockopt(d, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	int e = socket(AF_UNIX, SOCK_DGRAM, 0);
	sendto(e, "cred", 4, 0, (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + 17);
	char ccbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct sockaddr_un from;
	struct msghdr cm = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &riov, .msg_iovlen = 1,
			     .msg_control = ccbuf, .msg_controllen = sizeof(ccbuf) };
	recvmsg(d, &cm, 0);
	len = sizeof(from);
	getsockname(e, (struct sockaddr *)&from, &len);
	len = sizeof(from);
	getsockname(d, (struct sockaddr *)&from, &len);
	close(d);
	close(e);

	int sv[2];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	write(sv[0], "pair", 4);
	read(sv[1], buf, sizeof(buf));
	close(sv[0]);
	close(sv[1]);
	socketpair(AF_INET, SOCK_STREAM, 0, sv);
}

static void other_families(void)
{
	int n = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	bind(n, (struct sockaddr *)&nl, sizeof(nl));
	socklen_t len = sizeof(nl);
	getsockname(n, (struct sockaddr *)&nl, &len);
	int one = 1;
	setsockopt(n, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	close(n);
	int p = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	close(p);
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_ifindex = 1,
				  .sll_hatype = 1, .sll_pkttype = PACKET_BROADCAST, .sll_halen = 6,
				  .sll_addr = { 1, 2, 3, 4, 5, 6 } };
	connect(-1, (struct sockaddr *)&ll, sizeof(ll));
	struct sockaddr_vm vm = { .svm_family = AF_VSOCK, .svm_port = 1234, .svm_cid = VMADDR_CID_HOST };
	connect(-1, (struct sockaddr *)&vm, sizeof(vm));
	vm.svm_cid = 77;
	vm.svm_port = VMADDR_PORT_ANY;
	connect(-1, (struct sockaddr *)&vm, sizeof(vm));
	struct sockaddr sa = { .sa_family = AF_APPLETALK, .sa_data = "abc" };
	connect(-1, &sa, sizeof(sa));
	socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	socket(12345, 77, 5);
	socket(AF_UNIX, SOCK_STREAM | 0x100000, 0);
}

static void hostile(void)
{
	void *bad = unmapped();
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(80) };
	socklen_t len = 16;
	connect(-1, NULL, 16);
	connect(-1, bad, 16);
	connect(-1, (struct sockaddr *)&sa, 1);
	connect(-1, (struct sockaddr *)&sa, 4);
	connect(-1, (struct sockaddr *)&sa, 200);
	bind(-1, (struct sockaddr *)((char *)bad - 8), 16);
	getsockname(-1, NULL, NULL);
	getsockname(-1, bad, &len);
	getsockname(-1, (struct sockaddr *)&sa, bad);
	accept(-1, NULL, NULL);
	sendto(-1, bad, 10, 0, bad, 16);
	sendto(-1, NULL, 0, 0, NULL, 0);
	recvfrom(-1, bad, 10, 0, bad, bad);
	sendmsg(-1, NULL, 0);
	sendmsg(-1, bad, 0);
	recvmsg(-1, bad, 0);
	struct iovec iov = { bad, 5 };
	struct msghdr mh = { .msg_name = bad, .msg_namelen = 16, .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = bad, .msg_controllen = 32 };
	sendmsg(-1, &mh, 0);
	mh.msg_iov = bad;
	sendmsg(-1, &mh, MSG_DONTWAIT | 0x80000000);
	int v = 3;
	setsockopt(-1, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	setsockopt(-1, SOL_SOCKET, SO_RCVBUF, bad, sizeof(v));
	setsockopt(-1, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3);
	setsockopt(-1, 999, 5, &v, sizeof(v));
	setsockopt(-1, SOL_SOCKET, 9999, &v, 2);
	getsockopt(-1, SOL_SOCKET, SO_RCVBUF, &v, &len);
	getsockopt(-1, SOL_TCP, TCP_INFO, NULL, NULL);
	socketpair(AF_UNIX, SOCK_STREAM, 0, NULL);
	socketpair(AF_UNIX, SOCK_STREAM, 0, bad);
	listen(-1, -1);
	shutdown(-1, 7);
	sendmmsg(-1, NULL, 0, 0);
	recvmmsg(-1, bad, 2, 0, NULL);
	accept4(-1, NULL, NULL, 0x777);
}

int main(void)
{
	tcp();
	udp();
	inet6();
	unix_sockets();
	other_families();
	hostile();
	return 0;
}
