/* Probe for the file, I/O and stat decoders: each section makes the calls (successful,
 * failing, NULL, unmapped and truncated buffers) that tests/test_file_decoders.py traces under
 * strace and pytrace. Run in an empty scratch directory: it removes what it creates. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <stdio.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

static char *page_end;          /* the last byte before an unmapped page */
static char *const BAD = (char *) 8; /* never mapped */

static void setup(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	page_end = p + 4096;
}

static void io(void)
{
	char buf[256];
	const char text[] = "hello\tworld\n\001\377 \"quoted\" and a rather long tail of text";
	int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, text, sizeof(text) - 1);
	write(fd, "", 0);
	write(fd, NULL, 3);
	write(fd, BAD, 3);
	write(fd, page_end - 5, 10);            /* runs into the unmapped page */
	write(-1, "x", 1);
	lseek(fd, 0, SEEK_SET);
	read(fd, buf, 5);
	read(fd, buf, sizeof(buf));
	read(fd, buf, sizeof(buf));             /* EOF */
	read(fd, NULL, 4);
	read(fd, BAD, 4);
	lseek(fd, 0, SEEK_SET);
	read(fd, page_end - 4, 16);             /* short: the kernel stops at the fault */
	read(99, buf, 1);
	pread64(fd, buf, 7, 3);
	pread64(fd, buf, 7, -1);
	pwrite64(fd, "abc\0def", 7, 100);
	lseek(fd, -3, SEEK_END);
	lseek(fd, 1, SEEK_CUR);
	lseek(fd, 0, SEEK_DATA);
	lseek(fd, 0, 7);
	struct iovec iov[3] = {{buf, 4}, {buf + 10, 30}, {buf + 50, 2}};
	lseek(fd, 0, SEEK_SET);
	readv(fd, iov, 3);
	readv(fd, iov, 0);
	readv(fd, NULL, 2);
	readv(-1, iov, 3);
	readv(fd, (struct iovec *) (page_end - sizeof(struct iovec)), 2);
	struct iovec wv[2] = {{(void *) "first", 5}, {(void *) "second\n", 7}};
	writev(fd, wv, 2);
	writev(fd, (struct iovec *) BAD, 1);
	preadv(fd, iov, 3, 2);
	pwritev(fd, wv, 2, 8);
	preadv2(fd, iov, 2, 0, RWF_HIPRI);
	pwritev2(fd, wv, 1, -1, RWF_DSYNC | 0x100);
	struct iovec many[40];
	for (int i = 0; i < 40; i++) { many[i].iov_base = buf + i; many[i].iov_len = 1; }
	writev(fd, many, 40);
	close(fd);
	close(-5);
	unlink("data");
}

static void stats(void)
{
	struct stat st;
	struct statx stx;
	syscall(SYS_stat, "/dev/null", &st);
	syscall(SYS_stat, "/nonexistent", &st);
	syscall(SYS_stat, NULL, &st);
	syscall(SYS_stat, "/", BAD);
	syscall(SYS_lstat, "/etc/passwd", &st);
	syscall(SYS_fstat, 0, &st);
	syscall(SYS_fstat, 99, &st);
	syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", &st, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_newfstatat, AT_FDCWD, "/etc/passwd", page_end - 16, 0);
	syscall(SYS_newfstatat, AT_FDCWD, "/bin/ls", &st, 0x8000);
	statx(AT_FDCWD, "/etc/passwd", 0, STATX_ALL, &stx);
	statx(AT_FDCWD, "/dev/null", AT_STATX_DONT_SYNC | AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, &stx);
	statx(AT_FDCWD, "/etc", AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MNT_ID | 0x80000000, &stx);
	statx(AT_FDCWD, "/nonexistent", 0, STATX_ALL, &stx);
	statx(AT_FDCWD, "/etc", 0, STATX_ALL, NULL);
	statx(-1, "", AT_EMPTY_PATH, STATX_ALL, &stx);
}

static void ops(void)
{
	char buf[128];
	int fds[2];
	open("/nonexistent", O_RDONLY);
	int fd = syscall(SYS_open, "f1", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	openat(AT_FDCWD, "f1", O_RDWR | O_APPEND | O_NONBLOCK | O_NOFOLLOW);
	openat(-1, "f1", O_RDONLY | O_DIRECTORY);
	openat(AT_FDCWD, NULL, O_RDONLY);
	openat(AT_FDCWD, BAD, O_RDONLY);
	openat(AT_FDCWD, ".", O_TMPFILE | O_RDWR, 0600);
	openat(AT_FDCWD, "f1", 0x40000000 | O_RDONLY);
	syscall(SYS_creat, "f2", 0600);
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS};
	syscall(SYS_openat2, AT_FDCWD, "f1", &how, sizeof(how));
	struct open_how how2 = {.flags = O_CREAT | O_WRONLY, .mode = 0600};
	syscall(SYS_openat2, AT_FDCWD, "f3", &how2, sizeof(how2));
	syscall(SYS_openat2, AT_FDCWD, "f1", &how, 8);
	syscall(SYS_openat2, AT_FDCWD, "f1", BAD, sizeof(how));
	close_range(10, ~0U, CLOSE_RANGE_CLOEXEC);
	close_range(100, 200, 0);
	syscall(SYS_access, "f1", R_OK | W_OK);
	syscall(SYS_access, "/nonexistent", F_OK);
	syscall(SYS_access, "f1", 0x10);
	syscall(SYS_faccessat, AT_FDCWD, "f1", X_OK);
	syscall(SYS_faccessat2, AT_FDCWD, "f1", R_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);
	int d = dup(fd);
	dup2(fd, 20);
	dup3(fd, 21, O_CLOEXEC);
	dup(-1);
	pipe(fds);
	pipe2(fds, O_CLOEXEC | O_NONBLOCK);
	syscall(SYS_pipe2, BAD, 0);
	fcntl(fd, F_GETFL);
	fcntl(d, F_SETFL, O_NONBLOCK | O_APPEND);
	fcntl(d, F_GETFL);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_DUPFD, 30);
	fcntl(fd, F_DUPFD_CLOEXEC, 40);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
	fcntl(fd, F_SETLK, &fl);
	fcntl(fd, F_SETLKW, &fl);
	fcntl(fd, F_GETLK, &fl);
	fcntl(fd, F_OFD_GETLK, &fl);
	fcntl(fd, F_SETLK, BAD);
	fcntl(fd, F_GETLK, NULL);
	fcntl(fd, F_GETOWN);
	fcntl(fd, F_SETOWN, 0);
	fcntl(fd, F_GETSIG);
	fcntl(fd, F_SETSIG, 10);
	fcntl(fd, F_GETSIG);
	fcntl(fds[0], F_GETPIPE_SZ);
	fcntl(fds[0], F_SETPIPE_SZ, 8192);
	fcntl(fd, F_GETLEASE);
	fcntl(fd, F_GET_SEALS);
	fcntl(fd, 0x7777, 0x1234);
	fcntl(-1, F_GETFL);
	syscall(SYS_mkdir, "dir", 0755);
	mkdirat(AT_FDCWD, "dir/sub", 01777);
	mkdir("dir", 0700);
	syscall(SYS_chdir, "dir");
	syscall(SYS_getcwd, buf, sizeof(buf));
	syscall(SYS_getcwd, buf, 2);
	syscall(SYS_getcwd, NULL, 64);
	syscall(SYS_chdir, "..");
	int dfd = open("dir", O_RDONLY | O_DIRECTORY);
	fchdir(dfd);
	fchdir(-1);
	syscall(SYS_chdir, "..");
	syscall(SYS_symlink, "f1", "link1");
	symlinkat("target-does-not-exist", dfd, "dangling");
	syscall(SYS_readlink, "link1", buf, sizeof(buf));
	syscall(SYS_readlink, "link1", buf, 1);
	syscall(SYS_readlink, "f1", buf, sizeof(buf));
	readlinkat(dfd, "dangling", buf, sizeof(buf));
	readlinkat(dfd, "dangling", NULL, sizeof(buf));
	syscall(SYS_link, "f1", "hard1");
	linkat(AT_FDCWD, "f1", dfd, "hard2", AT_SYMLINK_FOLLOW);
	linkat(AT_FDCWD, "nope", AT_FDCWD, "x", 0x1000000);
	syscall(SYS_rename, "hard1", "hard3");
	renameat(AT_FDCWD, "hard3", dfd, "hard4");
	renameat2(dfd, "hard4", AT_FDCWD, "f2", RENAME_NOREPLACE);
	renameat2(dfd, "hard4", AT_FDCWD, "f2", RENAME_EXCHANGE | 0x80);
	syscall(SYS_umask, 022);
	syscall(SYS_umask, 0777);
	syscall(SYS_umask, 022);
	syscall(SYS_chmod, "f1", 04755);
	fchmod(fd, 0600);
	syscall(SYS_fchmodat, AT_FDCWD, "f1", 0644);
	syscall(SYS_chown, "f1", -1, -1);
	syscall(SYS_lchown, "link1", 0, 0);
	fchown(fd, 0, -1);
	fchownat(dfd, "hard4", 0, 0, AT_SYMLINK_NOFOLLOW);
	struct timespec ts[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
	utimensat(AT_FDCWD, "f1", ts, 0);
	struct timespec ts2[2] = {{1600000000, 123456789}, {1600000001, 0}};
	utimensat(AT_FDCWD, "f1", ts2, AT_SYMLINK_NOFOLLOW);
	utimensat(AT_FDCWD, "f1", NULL, 0);
	utimensat(AT_FDCWD, "f1", (struct timespec *) BAD, 0);
	syscall(SYS_truncate, "f1", 1000);
	ftruncate(fd, 10);
	ftruncate(fd, -1);
	struct utsname u;
	uname(&u);
	syscall(SYS_uname, BAD);
	struct sysinfo si;
	syscall(SYS_sysinfo, NULL);
	getrandom(buf, 8, GRND_NONBLOCK);
	getrandom(buf, 0, 0);
	getrandom(BAD, 8, 0x40);
	getrandom(buf, 40, GRND_RANDOM | GRND_NONBLOCK);
	(void) si;
	syscall(SYS_unlink, "link1");
	unlinkat(dfd, "dangling", 0);
	unlinkat(dfd, "hard4", 0);
	unlinkat(dfd, "hard2", 0);
	unlinkat(dfd, "sub", AT_REMOVEDIR);
	unlinkat(AT_FDCWD, "nope", 0x4000);
	syscall(SYS_rmdir, "dir");
	unlink("f1");
	unlink("f2");
	unlink("f3");
}

static void exec(char *self)
{
	char *argv[] = {"true", "-a", "a string longer than the default limit of thirty-two", NULL};
	char *envp[] = {"A=1", "B=two", NULL};
	char *one[] = {"X=1", NULL};
	execve("/nonexistent", argv, envp);
	execve("/nonexistent", NULL, NULL);
	execve("/nonexistent", (char **) BAD, one);
	execve("/nonexistent", (char **) (page_end - 8), (char **) (page_end - 8));
	execveat(AT_FDCWD, "/nonexistent", argv, envp, AT_SYMLINK_NOFOLLOW);
	char *many[60];
	for (int i = 0; i < 59; i++) many[i] = "x";
	many[59] = NULL;
	execve("/nonexistent", many, envp);
	(void) self;
	execve("/bin/true", argv, envp);
}

int main(int argc, char **argv)
{
	setup();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "io")) io();
		else if (!strcmp(argv[i], "stat")) stats();
		else if (!strcmp(argv[i], "ops")) ops();
		else if (!strcmp(argv[i], "exec")) exec(argv[0]);
	}
	return 0;
}
