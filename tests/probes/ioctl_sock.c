/* Socket ioctls on the loopback interface, plus NULL and unmapped arguments. */
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>
#include <unistd.h>

int main(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr;
	struct ifconf ifc;
	struct ifreq reqs[8];
	int n = 0;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	ioctl(s, SIOCGIFINDEX, &ifr);
	ioctl(s, SIOCGIFNAME, &ifr);
	ioctl(s, SIOCGIFFLAGS, &ifr);
	ioctl(s, SIOCSIFFLAGS, &ifr);
	ioctl(s, SIOCGIFMTU, &ifr);
	ioctl(s, SIOCGIFHWADDR, &ifr);
	ioctl(s, SIOCGIFADDR, &ifr);
	ioctl(s, SIOCGIFNETMASK, &ifr);
	ioctl(s, SIOCGIFBRDADDR, &ifr);
	ioctl(s, SIOCGIFTXQLEN, &ifr);
	ioctl(s, SIOCGIFMETRIC, &ifr);
	strcpy(ifr.ifr_name, "nosuch0");
	ioctl(s, SIOCGIFINDEX, &ifr);
	ioctl(s, SIOCGIFFLAGS, NULL);
	ioctl(s, SIOCGIFFLAGS, (void *) 8);
	ifc.ifc_len = 0;
	ifc.ifc_buf = NULL;
	ioctl(s, SIOCGIFCONF, &ifc);
	ifc.ifc_len = sizeof(reqs);
	ifc.ifc_buf = (char *) reqs;
	ioctl(s, SIOCGIFCONF, &ifc);
	ioctl(s, SIOCGIFCONF, NULL);
	ioctl(s, FIONREAD, &n);
	ioctl(s, SIOCOUTQ, &n);
	ioctl(s, SIOCATMARK, &n);
	n = getpid();
	ioctl(s, FIOSETOWN, &n);
	ioctl(s, SIOCSPGRP, &n);
	ioctl(s, FIOGETOWN, &n);
	ioctl(s, SIOCGPGRP, &n);
	ioctl(s, SIOCADDRT, NULL);
	ioctl(-1, SIOCSIFMTU, &ifr);
	close(s);
	return 0;
}
