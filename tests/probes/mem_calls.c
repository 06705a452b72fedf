/* Memory syscalls for the differential test: successes, failures, NULL and odd flags. */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long pg = 4096;
	syscall(SYS_brk, 0);
	char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mmap(NULL, pg, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	mmap(NULL, pg, PROT_READ | PROT_EXEC | 0x100, 0xf | 0x40000000, 99, 0x1000);
	mmap(NULL, 2 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21 << 26), -1, 0);
	mmap(p, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	mmap(NULL, pg, PROT_READ, 0, -1, 0);
	int fd = open("/etc/passwd", O_RDONLY);
	mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	mprotect(p, pg, PROT_READ);
	mprotect(p, pg, PROT_NONE);
	mprotect(p + 1, pg, PROT_READ | PROT_GROWSDOWN);
	syscall(SYS_pkey_mprotect, p, pg, PROT_READ, -1);
	syscall(SYS_pkey_mprotect, p, pg, PROT_READ, 5);
	madvise(p, pg, MADV_DONTNEED);
	madvise(p, pg, MADV_HUGEPAGE);
	madvise(p, pg, 12345);
	msync(p, pg, MS_SYNC | MS_INVALIDATE);
	msync(p, pg, 0);
	msync(p + 1, pg, MS_ASYNC);
	mlock(p, pg);
	munlock(p, pg);
	syscall(SYS_mlock2, p, pg, MLOCK_ONFAULT);
	syscall(SYS_mlock2, p, pg, 0x10);
	mlockall(MCL_CURRENT | MCL_FUTURE);
	munlockall();
	mlockall(0x100);
	char *q = mremap(p, 4 * pg, 8 * pg, MREMAP_MAYMOVE);
	mremap(q, pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, p);
	mremap(q, pg, 2 * pg, 0);
	syscall(SYS_mremap, q, pg, 2 * pg, 0x80, 0);
	unsigned long fs;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
	syscall(SYS_arch_prctl, ARCH_GET_FS, 0);
	syscall(SYS_arch_prctl, ARCH_SET_GS, 0);
	syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0);
	syscall(SYS_arch_prctl, 0x9999, 16);
	munmap(q, 8 * pg);
	munmap((void *)1, pg);
	syscall(SYS_brk, 1);
	return 0;
}
