/* statx with request masks that make the kernel return partial stx_mask values: strace 6.1
 * prints a timestamp only when its bit is in the returned mask (found by tests/sweep.py). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static const unsigned masks[] = {
		0, STATX_TYPE, STATX_MODE, STATX_NLINK, STATX_UID, STATX_GID, STATX_ATIME, STATX_MTIME,
		STATX_CTIME, STATX_INO, STATX_SIZE, STATX_BLOCKS, STATX_BASIC_STATS, STATX_BTIME,
		STATX_MNT_ID, STATX_MTIME | STATX_CTIME, STATX_ALL, 0xffffffffu,
	};
	struct statx stx;
	for (unsigned i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		syscall(SYS_statx, AT_FDCWD, "/etc/passwd", 0, masks[i], &stx);
		syscall(SYS_statx, AT_FDCWD, "/dev/null", AT_STATX_DONT_SYNC, masks[i], &stx);
	}
	return 0;
}
