/* Probe for the time decoders: clocks, POSIX timers, interval timers, timerfd, adjtimex,
 * times, time, alarm; each also with NULL and unmapped pointers and failing arguments.
 * The vDSO would answer clock_gettime/gettimeofday/time: call them through syscall(). */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

static char *unmapped(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 4096, 4096);
	return p + 4096;
}

int main(void)
{
	char *bad = unmapped();
	struct timespec ts = { 0, 0 };
	signal(SIGUSR2, SIG_IGN);

	/* Output values are times: print them where strace does, but the values are masked
	 * in the test; the structure formats and failures are compared as they are. */
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_getres, CLOCK_REALTIME_COARSE, NULL);
	syscall(SYS_clock_getres, 77, &ts);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad);
	syscall(SYS_clock_gettime, CLOCK_BOOTTIME, NULL);
	syscall(SYS_clock_gettime, -2, &ts);		/* MAKE_PROCESS_CPUCLOCK(0, CPUCLOCK_SCHED) */
	syscall(SYS_clock_gettime, -6, &ts);		/* MAKE_THREAD_CPUCLOCK(0, CPUCLOCK_SCHED) */
	syscall(SYS_clock_gettime, (~3 << 3) | 3, &ts);	/* FD_TO_CLOCKID(3) */
	struct timespec set = { 1, 2 };
	syscall(SYS_clock_settime, 99, &set);
	syscall(SYS_clock_settime, CLOCK_MONOTONIC, bad);
	struct timeval tv = { 3, 4 };
	struct timezone tz = { 60, 1 };
	syscall(SYS_gettimeofday, NULL, NULL);
	syscall(SYS_gettimeofday, bad, bad);
	syscall(SYS_settimeofday, &tv, &tz);
	syscall(SYS_settimeofday, bad, NULL);

	/* POSIX timers */
	timer_t tid = 0;
	struct sigevent sev;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR2;
	sev.sigev_value.sival_ptr = (void *) 0x1234;
	syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
	sev.sigev_notify = SIGEV_NONE;
	sev.sigev_value.sival_ptr = NULL;
	int tid2 = -1;
	syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &tid2);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev._sigev_un._tid = 1;
	syscall(SYS_timer_create, CLOCK_REALTIME, &sev, &tid2);
	sev.sigev_notify = 77;
	syscall(SYS_timer_create, CLOCK_REALTIME, &sev, bad);
	syscall(SYS_timer_create, CLOCK_REALTIME, NULL, bad);
	syscall(SYS_timer_create, CLOCK_REALTIME, bad, &tid2);
	struct itimerspec its = { { 0, 0 }, { 100, 0 } }, old;
	syscall(SYS_timer_settime, (long) tid, 0, &its, &old);
	its.it_value.tv_sec = 2000000000;	/* absolute: far in the future */
	syscall(SYS_timer_settime, (long) tid, TIMER_ABSTIME, &its, NULL);
	syscall(SYS_timer_settime, 12345, 0x10, bad, bad);
	syscall(SYS_timer_gettime, 12345, &old);
	syscall(SYS_timer_gettime, (long) tid, bad);
	syscall(SYS_timer_getoverrun, (long) tid);
	syscall(SYS_timer_delete, (long) tid);
	syscall(SYS_timer_delete, -1);

	/* interval timers */
	struct itimerval itv = { { 0, 0 }, { 100, 5 } }, oitv;
	syscall(SYS_setitimer, ITIMER_REAL, &itv, &oitv);
	memset(&itv, 0, sizeof(itv));
	syscall(SYS_setitimer, ITIMER_REAL, &itv, NULL);
	syscall(SYS_setitimer, 9, bad, bad);
	syscall(SYS_getitimer, ITIMER_PROF, &oitv);
	syscall(SYS_getitimer, ITIMER_VIRTUAL, bad);
	syscall(SYS_alarm, 0);
	syscall(SYS_alarm, 0xffffffffu);
	syscall(SYS_alarm, 0);

	/* timerfd */
	int tfd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	syscall(SYS_timerfd_create, CLOCK_REALTIME, 0x100);
	struct itimerspec tits = { { 1, 0 }, { 500, 0 } };
	syscall(SYS_timerfd_settime, tfd, 0, &tits, NULL);
	syscall(SYS_timerfd_settime, tfd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &tits, &old);
	syscall(SYS_timerfd_settime, tfd, 0, bad, NULL);
	syscall(SYS_timerfd_gettime, -1, &old);
	syscall(SYS_timerfd_gettime, tfd, bad);

	/* adjtimex / clock_adjtime: read-only (modes 0) */
	struct timex tx;
	memset(&tx, 0, sizeof(tx));
	syscall(SYS_adjtimex, &tx);
	syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx);
	syscall(SYS_adjtimex, bad);
	syscall(SYS_adjtimex, NULL);
	syscall(SYS_clock_adjtime, CLOCK_REALTIME, bad);
	syscall(SYS_clock_adjtime, 99, &tx);

	/* times, time */
	struct tms tms;
	time_t now;
	syscall(SYS_times, &tms);
	syscall(SYS_time, &now);
	syscall(SYS_times, NULL);
	syscall(SYS_times, bad);
	syscall(SYS_time, NULL);
	syscall(SYS_time, bad);
	return 0;
}
