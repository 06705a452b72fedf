/* Every socket option level strace names, with option numbers 0..99, on fd -1 (EBADF):
 * the names strace prints for each (level, optname) in setsockopt and getsockopt, and the
 * names of address families, socket types, protocols and cmsg-free msg flags. */
#include <sys/socket.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const int levels[] = { 0, 1, 6, 17, 41, 255, 263, 270, 40, 999 };
	for (unsigned i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		for (int name = 0; name < 100; name++) {
			setsockopt(-1, levels[i], name, NULL, 0);
			getsockopt(-1, levels[i], name, NULL, NULL);
		}
	for (int fam = 0; fam < 48; fam++)
		socket(fam, 99, 0);
	for (int p = 0; p < 300; p++) {
		socket(2, 99, p);
		socket(16, 99, p);
	}
	for (int p = 0; p < 0x10000; p += (p < 0x100 ? 1 : 0x101))
		socket(17, 99, __builtin_bswap16(p));
	for (int b = 0; b < 32; b++)
		sendto(-1, NULL, 0, 1u << b, NULL, 0);
	/* cmsg types at SOL_SOCKET and SOL_IP, four bytes of data each */
	static const int cmsg_levels[] = { 1, 0 };
	for (unsigned i = 0; i < 2; i++)
		for (int type = 0; type < 80; type++) {
			union { struct cmsghdr h; char b[CMSG_SPACE(4)]; } u;
			memset(&u, 0, sizeof(u));
			u.h.cmsg_len = CMSG_LEN(4);
			u.h.cmsg_level = cmsg_levels[i];
			u.h.cmsg_type = type;
			struct msghdr mh = { .msg_control = &u, .msg_controllen = sizeof(u) };
			sendmsg(-1, &mh, 0);
		}
	return 0;
}
