/* -Y / --decode-pids=comm: every call strace 6.1 decorates a pid in (printpid, RVAL_TGID /
 * RVAL_TID return values), made with live pids of this process and a zombie child, so that
 * the comm strace reads from /proc/PID/comm is stable between two runs. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static void creds(void)
{
	int sv[2], one = 1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return;
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	struct ucred cr;
	socklen_t len = sizeof(cr);
	getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len);
	char c = 'x';
	struct iovec iov = {&c, 1};
	union { char buf[CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr align; } u;
	memset(&u, 0, sizeof(u));
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof(struct ucred));
	struct ucred me = {getpid(), getuid(), getgid()};
	memcpy(CMSG_DATA(cm), &me, sizeof(me));
	sendmsg(sv[0], &mh, 0);
	mh.msg_controllen = sizeof(u.buf);
	recvmsg(sv[1], &mh, 0);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	pid_t me = syscall(SYS_getpid);
	pid_t tid = syscall(SYS_gettid);
	syscall(SYS_getpgrp);
	syscall(SYS_getpgid, 0);
	syscall(SYS_getpgid, me);
	syscall(SYS_getsid, 0);
	syscall(SYS_getsid, me);
	syscall(SYS_setpgid, 0, 0);
	syscall(SYS_setpgid, me, me);
	syscall(SYS_kill, me, 0);
	syscall(SYS_kill, -me, 0);
	syscall(SYS_kill, 0, 0);
	syscall(SYS_kill, 0x7ffffff0, 0); /* no such process: no comm */
	syscall(SYS_tkill, tid, 0);
	syscall(SYS_tgkill, me, tid, 0);

	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_pid = me;
	si.si_uid = getuid();
	syscall(SYS_rt_sigqueueinfo, me, 0, &si);
	syscall(SYS_rt_tgsigqueueinfo, me, tid, 0, &si);
	si.si_value.sival_int = 5;
	syscall(SYS_rt_sigqueueinfo, me, 0, &si);

	syscall(SYS_sched_getscheduler, me);
	struct sched_param sp;
	syscall(SYS_sched_getparam, me, &sp);
	syscall(SYS_sched_setparam, 0, &sp);
	cpu_set_t set;
	syscall(SYS_sched_getaffinity, me, sizeof(set), &set);
	struct rlimit rl;
	syscall(SYS_prlimit64, me, RLIMIT_NOFILE, NULL, &rl);
	syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl);
	int pfd = syscall(SYS_pidfd_open, me, 0);
	if (pfd >= 0) {
		syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 0);
		close(pfd);
	}
	char src[4] = "abc", dst[4];
	struct iovec l = {dst, 3}, r = {src, 3};
	syscall(SYS_process_vm_readv, me, &l, 1, &r, 1, 0);
	syscall(SYS_process_vm_writev, me, &r, 1, &l, 1, 0);
	syscall(SYS_kcmp, me, me, 0 /* KCMP_FILE */, 0, 0);
	void *head;
	size_t hlen;
	syscall(SYS_get_robust_list, tid, &head, &hlen);
	syscall(SYS_get_robust_list, 0, &head, &hlen);
	syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, me);
	syscall(SYS_ioprio_get, 2 /* IOPRIO_WHO_PGRP */, me);
	struct __user_cap_header_struct ch = {_LINUX_CAPABILITY_VERSION_3, me};
	struct __user_cap_data_struct cd[2];
	syscall(SYS_capget, &ch, cd);
	syscall(SYS_getpriority, PRIO_PROCESS, me);
	syscall(SYS_getpriority, PRIO_PGRP, me);
	syscall(SYS_ptrace, PTRACE_INTERRUPT, me, 0, 0);
	syscall(SYS_move_pages, me, 0, NULL, NULL, NULL, 0);
	syscall(SYS_sched_getaffinity, tid, sizeof(set), &set);

	int fd = open("/dev/null", O_RDONLY);
	syscall(SYS_fcntl, fd, F_SETOWN, me);
	syscall(SYS_fcntl, fd, F_GETOWN);
	syscall(SYS_fcntl, fd, F_SETOWN, -me);
	syscall(SYS_fcntl, fd, F_GETOWN);
	struct f_owner_ex ox = {F_OWNER_TID, tid};
	syscall(SYS_fcntl, fd, F_SETOWN_EX, &ox);
	syscall(SYS_fcntl, fd, F_GETOWN_EX, &ox);
	ox.type = F_OWNER_PGRP;
	ox.pid = me;
	syscall(SYS_fcntl, fd, F_SETOWN_EX, &ox);
	syscall(SYS_fcntl, fd, F_GETOWN_EX, &ox);
	close(fd);

	creds();

	/* shmid_ds's shm_cpid / shm_lpid are printpid'ed, msqid_ds's pids are not (strace 6.1) */
	int shm = shmget(IPC_PRIVATE, 4096, 0600);
	struct shmid_ds sds;
	shmctl(shm, IPC_STAT, &sds);
	shmctl(shm, IPC_RMID, NULL);
	int q = msgget(IPC_PRIVATE, 0600);
	struct { long type; char c; } msg = {1, 'x'};
	msgsnd(q, &msg, 1, 0);
	struct msqid_ds mds;
	msgctl(q, IPC_STAT, &mds);
	msgctl(q, IPC_RMID, NULL);

	/* SIGCHLD stays pending: its delivery would race with waitid (siginfo is tested there) */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	int go[2], done[2];
	if (pipe(go) || pipe(done))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		char c;
		/* renamed only after the parent printed clone's result, and before it prints the
		 * child's pid again: which name each line shows is not up to the scheduler */
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		/* a hostile name: quotes, escapes, <>, a control byte, non-ASCII */
		prctl(PR_SET_NAME, "a<b> \"\\\t\001\303\251z");
		syscall(SYS_gettid);
		syscall(SYS_getppid);
		syscall(SYS_getpid);
		syscall(SYS_kill, syscall(SYS_getppid), 0);
		if (write(done[1], "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	char c;
	if (write(go[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
		return 1;
	siginfo_t wi;
	syscall(SYS_waitid, P_PID, child, &wi, WEXITED | WNOWAIT, NULL);
	syscall(SYS_kill, child, 0); /* a zombie still has its comm */
	syscall(SYS_sched_getscheduler, child);
	int st;
	syscall(SYS_wait4, child, &st, 0, NULL);
	syscall(SYS_kill, child, 0); /* reaped: no comm */
	syscall(SYS_waitid, P_PGID, me, &wi, WEXITED | WNOHANG, NULL);
	syscall(SYS_wait4, -me, &st, WNOHANG, NULL);
	pfd = syscall(SYS_pidfd_open, me, 0);
	syscall(SYS_waitid, P_PIDFD, pfd, &wi, WEXITED | WNOHANG, NULL);
	syscall(SYS_set_tid_address, NULL);
	return 0;
}
