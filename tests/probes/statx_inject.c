/* struct statx buffers filled by the probe (every byte 0x11, stx_mask set per call) for
 * `strace -e inject=statx:retval=0`: strace then decodes the probe's own bytes, which shows
 * which fields strace 6.1 prints for each stx_mask bit. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static const unsigned masks[] = {
		0, STATX_TYPE, STATX_MODE, STATX_NLINK, STATX_UID, STATX_GID, STATX_ATIME, STATX_MTIME,
		STATX_CTIME, STATX_INO, STATX_SIZE, STATX_BLOCKS, STATX_BASIC_STATS, STATX_BTIME,
		STATX_MNT_ID, STATX_DIOALIGN, STATX_ALL, 0xffffffffu,
	};
	struct statx stx;
	for (unsigned i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		memset(&stx, 0x11, sizeof(stx));
		stx.stx_mask = masks[i];
		syscall(SYS_statx, AT_FDCWD, "/", 0, 0, &stx);
	}
	return 0;
}
