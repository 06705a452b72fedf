/* Netlink sockets strace 6.1 must find the protocol of: one used before it is bound (the
 * kernel autobinds it inside sendto: at entry it is in no netlink table yet), used again once
 * bound; negative port ids in sockaddr_nl, nlmsg_pid and a netlink_diag answer; attribute
 * type flags (NLA_F_NESTED, NLA_F_NET_BYTEORDER); SIOCGIFHWADDR of lo and of argv[1] if given.
 * Run in a fresh network namespace: nothing else holds a NETLINK_USERSOCK socket there. */
#include <stddef.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/netlink_diag.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

struct linkreq {
	struct nlmsghdr h;
	struct ifinfomsg i;
	struct nlattr a[2];
	unsigned int mask;
};

/* RTM_GETLINK of a missing interface; with ``flags``, a nested attribute of those type flags
 * holding IFLA_EXT_MASK */
static void getlink(int fd, unsigned int seq, unsigned int pid, unsigned short flags)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct linkreq r;
	char buf[4096];

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = flags ? sizeof(r) : offsetof(struct linkreq, a);
	r.a[0].nla_len = sizeof(r.a) + sizeof(r.mask);
	r.a[0].nla_type = flags | IFLA_AF_SPEC;
	r.a[1].nla_len = sizeof(r.a[1]) + sizeof(r.mask);
	r.a[1].nla_type = NLA_F_NET_BYTEORDER | IFLA_EXT_MASK;
	r.mask = 1;
	r.h.nlmsg_type = RTM_GETLINK;
	r.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r.h.nlmsg_seq = seq;
	r.h.nlmsg_pid = pid;
	r.i.ifi_index = 99;	/* no such interface: an NLMSG_ERROR answer */
	sendto(fd, &r, r.h.nlmsg_len, 0, (struct sockaddr *) &k, sizeof(k));
	recv(fd, buf, sizeof(buf), 0);
}

static void hwaddr(int fd, const char *name)
{
	struct ifreq r;

	memset(&r, 0, sizeof(r));
	strncpy(r.ifr_name, name, IFNAMSIZ - 1);
	ioctl(fd, SIOCGIFHWADDR, &r);
}

int main(int argc, char **argv)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(a);
	char buf[4096];

	/* unbound: the first sendto autobinds it */
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	getlink(fd, 1, 0, 0);
	getlink(fd, 2, 0xfffffff0, 0);
	getlink(fd, 3, 0, NLA_F_NESTED);
	getlink(fd, 4, 0, NLA_F_NESTED | NLA_F_NET_BYTEORDER);
	close(fd);

	int in = socket(AF_INET, SOCK_DGRAM, 0);
	hwaddr(in, "lo");
	if (argc > 1)
		hwaddr(in, argv[1]);
	close(in);

	/* a USERSOCK socket bound and connected to negative port ids */
	int us = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
	a.nl_pid = 0xfffffff0;
	bind(us, (struct sockaddr *) &a, sizeof(a));
	a.nl_pid = 0xffffffe0;
	connect(us, (struct sockaddr *) &a, sizeof(a));
	getsockname(us, (struct sockaddr *) &a, &len);
	len = sizeof(a);
	getpeername(us, (struct sockaddr *) &a, &len);

	/* netlink_diag: the USERSOCK socket's port ids */
	int d = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
	struct {
		struct nlmsghdr h;
		struct netlink_diag_req r;
	} q;
	memset(&q, 0, sizeof(q));
	q.h.nlmsg_len = sizeof(q);
	q.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	q.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	q.h.nlmsg_seq = 5;
	q.r.sdiag_family = AF_NETLINK;
	q.r.sdiag_protocol = NETLINK_USERSOCK;
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	sendto(d, &q, sizeof(q), 0, (struct sockaddr *) &k, sizeof(k));
	for (int done = 0; !done;) {
		int n = recv(d, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
			done |= h->nlmsg_type == NLMSG_DONE;
	}
	close(d);
	close(us);
	return 0;
}
