/* Process syscalls for the differential test: fork/vfork/clone/threads, wait4/waitid on
 * exited, killed and stopped children, rlimits, rusage, futex, sleeps, ids; failing calls,
 * NULL and unmapped pointers. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_alrm(int sig) { (void)sig; }
static void *thr(void *arg) { return arg; }
static char stack[65536];
static int child_fn(void *arg) { (void)arg; return 3; }

int main(void)
{
	void *bad = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(bad, 4096);
	int st;
	struct rusage ru;
	siginfo_t si;

	pid_t p = fork();
	if (p == 0)
		_exit(7);
	wait4(p, &st, 0, &ru);
	p = fork();
	if (p == 0) {
		pause();
		_exit(0);
	}
	kill(p, SIGTERM);
	wait4(p, &st, 0, NULL);
	p = fork();
	if (p == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	wait4(p, &st, WUNTRACED, NULL);
	kill(p, SIGCONT);
	syscall(SYS_waitid, P_PID, p, &si, WCONTINUED, NULL);
	syscall(SYS_waitid, P_PID, p, &si, WEXITED, NULL);
	wait4(-1, &st, WNOHANG, NULL);
	wait4(-1, bad, 0, bad);
	syscall(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOHANG, NULL);
	syscall(SYS_waitid, 7, 0, bad, WEXITED, NULL);
	p = vfork();
	if (p == 0)
		_exit(1);
	syscall(SYS_waitid, P_PID, p, &si, WEXITED, &ru);
	p = clone(child_fn, stack + sizeof(stack), SIGCHLD, NULL);
	wait4(p, &st, __WALL, NULL);
	pthread_t th;
	pthread_create(&th, NULL, thr, NULL);
	pthread_join(th, NULL);

	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	setrlimit(RLIMIT_NOFILE, &rl);
	getrlimit(RLIMIT_STACK, bad);
	struct rlimit nrl = {1024 * 1024, RLIM_INFINITY};
	prlimit(0, RLIMIT_DATA, &nrl, &rl);
	prlimit(0, RLIMIT_CORE, NULL, &rl);
	syscall(SYS_prlimit64, 0, 99, NULL, &rl);
	syscall(SYS_getrlimit, 77, &rl);
	getrusage(RUSAGE_SELF, &ru);
	getrusage(RUSAGE_CHILDREN, bad);
	syscall(SYS_getrusage, 9, &ru);

	uint32_t fw = 1, fw2 = 0;
	struct timespec ts = {0, 1000};
	syscall(SYS_futex, &fw, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
	syscall(SYS_futex, &fw, FUTEX_WAIT, 1, &ts, NULL, 0);
	syscall(SYS_futex, &fw, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	syscall(SYS_futex, &fw, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &ts, NULL, FUTEX_BITSET_MATCH_ANY);
	syscall(SYS_futex, &fw, FUTEX_WAKE_BITSET, 1, NULL, NULL, 5);
	syscall(SYS_futex, &fw, FUTEX_WAKE_OP_PRIVATE, 1, 1, &fw2, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1));
	syscall(SYS_futex, &fw, FUTEX_WAKE_OP, 1, 1, &fw2, FUTEX_OP((FUTEX_OP_ADD | 8), 5, 9, 3));
	syscall(SYS_futex, &fw, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &fw2, 1);
	syscall(SYS_futex, &fw, FUTEX_REQUEUE, 1, 2, &fw2, 0);
	syscall(SYS_futex, &fw, FUTEX_WAIT, 1, bad, NULL, 0);
	syscall(SYS_futex, bad, FUTEX_WAKE, 1, NULL, NULL, 0);
	syscall(SYS_futex, &fw, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
	syscall(SYS_futex, &fw, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
	syscall(SYS_futex, &fw, 99, 1, 2, 3, 4);

	struct timespec rem;
	nanosleep(&ts, &rem);
	nanosleep(&ts, NULL);
	syscall(SYS_nanosleep, bad, NULL);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &rem);
	struct timespec abs;
	clock_gettime(CLOCK_REALTIME, &abs);
	clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL);
	clock_nanosleep(42, 0, &ts, NULL);
	struct sigaction sa = {.sa_handler = on_alrm};
	sigaction(SIGALRM, &sa, NULL);
	struct timespec longer = {5, 0};
	ualarm(20000, 0);
	nanosleep(&longer, &rem);
	ualarm(20000, 0);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &longer, &rem);

	getpid(); getppid(); syscall(SYS_gettid); getuid(); geteuid(); getgid(); getegid();
	getpgrp(); getpgid(0); getpgid(999999); getsid(0); getsid(-5);
	setpgid(0, 0); setpgid(999999, 1); setsid();
	sched_yield();
	syscall(SYS_set_tid_address, NULL);
	void *head; size_t len;
	syscall(SYS_get_robust_list, 0, &head, &len);
	syscall(SYS_get_robust_list, 0, bad, &len);
	syscall(SYS_get_robust_list, 999999, &head, &len);
	syscall(SYS_set_robust_list, head, len);
	syscall(SYS_set_robust_list, NULL, 7);
	syscall(SYS_exit_group, 0);
	return 0;
}
