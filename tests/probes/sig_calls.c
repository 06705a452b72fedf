/* Signal syscalls for the differential test: handlers, masks, queued and timer signals,
 * faults, failing calls, NULL and unmapped pointers. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static sigjmp_buf jb;
static void on_segv(int sig) { (void)sig; siglongjmp(jb, 1); }
static void on_usr1(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; }

int main(void)
{
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(bad, 4096);
	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGUSR1, &sa, &old);
	sigaction(SIGUSR1, NULL, &old);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = SA_NOCLDSTOP | SA_NODEFER | SA_RESETHAND | SA_ONSTACK;
	sigfillset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	syscall(SYS_rt_sigaction, SIGKILL, &sa, NULL, 8);
	syscall(SYS_rt_sigaction, SIGUSR2, bad, bad, 8);
	syscall(SYS_rt_sigaction, SIGUSR2, NULL, NULL, 4);
	syscall(SYS_rt_sigaction, 99, NULL, NULL, 8);

	sigset_t set, oset;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &oset);
	sigfillset(&set);
	sigprocmask(SIG_SETMASK, &set, &oset);
	sigdelset(&set, SIGRTMIN + 3);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, 40);
	sigaddset(&set, 64);
	sigprocmask(SIG_SETMASK, &set, &oset);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, NULL, &oset, 8);
	syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 16);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, bad, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, bad, 8);

	kill(getpid(), SIGUSR2);
	syscall(SYS_rt_sigpending, &oset, 8);
	syscall(SYS_rt_sigpending, &oset, 4);
	syscall(SYS_rt_sigpending, bad, 8);
	syscall(SYS_rt_sigpending, &oset, 16);
	siginfo_t si;
	struct timespec ts = {0, 1000};
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigtimedwait(&set, &si, &ts);
	sigtimedwait(&set, &si, &ts);
	sigtimedwait(&set, NULL, &ts);
	syscall(SYS_rt_sigtimedwait, &set, bad, bad, 8);
	syscall(SYS_rt_sigtimedwait, &set, &si, NULL, 4);
	union sigval sv = {.sival_int = 42};
	sigqueue(getpid(), SIGUSR2, sv);
	sigtimedwait(&set, &si, NULL);
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR2;
	si.si_code = -1;
	si.si_pid = getpid();
	si.si_value.sival_ptr = bad;
	syscall(SYS_rt_tgsigqueueinfo, getpid(), getpid(), SIGUSR2, &si);
	sigtimedwait(&set, &si, NULL);
	syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, bad);
	syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, NULL);
	syscall(SYS_tkill, getpid(), SIGUSR2);
	sigwaitinfo(&set, &si);
	syscall(SYS_tgkill, getpid(), getpid(), SIGUSR2);
	sigwaitinfo(&set, &si);

	stack_t ss = {.ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0}, oss;
	sigaltstack(&ss, &oss);
	sigaltstack(NULL, &oss);
	ss.ss_flags = 0x77;
	sigaltstack(&ss, NULL);
	sigaltstack(bad, (stack_t *)bad + 1);

	kill(getpid(), 0);
	kill(999999, SIGTERM);
	kill(getpid(), 99);
	syscall(SYS_tgkill, getpid(), 999999, SIGHUP);

	sigset_t empty;
	sigemptyset(&empty);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	sigsuspend(&empty);
	syscall(SYS_rt_sigsuspend, bad, 8);

	if (!sigsetjmp(jb, 1))
		*(volatile int *)bad = 1;
	mprotect(ss.ss_sp, 4096, PROT_READ);
	if (!sigsetjmp(jb, 1))
		*(volatile int *)ss.ss_sp = 1;
	if (!sigsetjmp(jb, 1))
		*(volatile int *)8 = 1;

	struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
	sev.sigev_value.sival_int = 7;
	timer_t tid;
	timer_create(CLOCK_MONOTONIC, &sev, &tid);
	struct itimerspec its = {.it_value = {0, 1000000}};
	timer_settime(tid, 0, &its, NULL);
	sigsuspend(&empty);
	alarm(1);
	pause();
	return 0;
}
