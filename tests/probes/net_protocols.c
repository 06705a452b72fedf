/* socket() protocol names per address family (strace 6.1's tprint_sock_proto cases): each
 * family with known, unknown, negative and 64-bit protocol values. Every call fails
 * (EAFNOSUPPORT/EINVAL) or opens a socket that is closed at exit. */
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static const int fams[] = { AF_AX25, AF_IRDA, AF_CAN, AF_BLUETOOTH, AF_ISDN, AF_PHONET,
		AF_CAIF, AF_NFC, AF_KCM, AF_SMC, AF_RXRPC, AF_X25, AF_TIPC, AF_MCTP, AF_XDP,
		AF_QIPCRTR, AF_ALG, AF_LLC, AF_IB };
	static const long protos[] = { 0, 1, 2, 3, 5, 7, 8, 0x10, 0x26, 0xcc, 0xcf, 0xf0, 0x99,
		-1, 0xffffffffL, 0x100000001L, 0x1000000ccL };
	for (unsigned i = 0; i < sizeof fams / sizeof *fams; i++)
		for (unsigned j = 0; j < sizeof protos / sizeof *protos; j++)
			syscall(SYS_socket, fams[i], SOCK_DGRAM, protos[j]);
	return 0;
}
