/* Every terminal ioctl pytrace decodes, on a pseudo-terminal the probe opens itself. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <asm/termbits.h>
#include <unistd.h>

int main(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	int unlock = 0, n = 0, one = 1, ptn = -1;
	ioctl(m, TIOCSPTLCK, &unlock);
	ioctl(m, TIOCGPTN, &ptn);
	char name[64];
	ptsname_r(m, name, sizeof(name));
	int s = open(name, O_RDWR | O_NOCTTY);
	struct termios t;
	struct termios2 t2;
	struct winsize w = { 24, 80, 0, 0 };
	ioctl(s, TCGETS, &t);
	ioctl(s, TCSETS, &t);
	ioctl(s, TCSETSW, &t);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	ioctl(s, TCSETSF, &t);
	ioctl(s, TCGETS2, &t2);
	ioctl(s, TCSETS2, &t2);
	ioctl(s, TIOCSWINSZ, &w);
	ioctl(s, TIOCGWINSZ, &w);
	ioctl(s, FIONREAD, &n);
	ioctl(s, TIOCOUTQ, &n);
	ioctl(s, FIONBIO, &one);
	one = 0;
	ioctl(s, FIONBIO, &one);
	ioctl(s, TCFLSH, TCIFLUSH);
	ioctl(s, TCFLSH, TCIOFLUSH);
	ioctl(s, TCXONC, TCOON);
	ioctl(s, TIOCSTI, "x");
	ioctl(s, FIONREAD, &n);
	ioctl(s, TIOCGPGRP, &n);
	ioctl(s, TIOCGSID, &n);
	/* Error paths: NULL, unmapped and bad descriptors. */
	ioctl(s, TCGETS, NULL);
	ioctl(s, TCSETS, (void *) 8);
	ioctl(s, TIOCGWINSZ, (void *) 8);
	ioctl(-1, TCGETS, &t);
	ioctl(-1, TIOCSWINSZ, &w);
	ioctl(-1, TIOCSPGRP, &n);
	ioctl(-1, TCXONC, 77);
	ioctl(-1, TCFLSH, 5);
	ioctl(-1, 0x5499, 0);
	ioctl(-1, _IOR('T', 0x99, long), 0);
	ioctl(-1, _IOWR('Z', 3, char[16]), 0);
	ioctl(-1, _IOW(0xfe, 0xff, short), 0x1234);
	pid_t c = fork();
	if (c == 0) {
		setsid();
		ioctl(s, TIOCSCTTY, 0);
		pid_t pg = getpgrp();
		ioctl(s, TIOCGPGRP, &pg);
		ioctl(s, TIOCSPGRP, &pg);
		ioctl(s, TIOCGSID, &pg);
		ioctl(s, TIOCNOTTY);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	return 0;
}
