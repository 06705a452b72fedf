#define _GNU_SOURCE
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/sem.h>
#include <sys/msg.h>
#include <mqueue.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <fcntl.h>
#include <sched.h>

/* System V IPC and POSIX mq calls, succeeding and failing, with NULL and unmapped pointers.
   Runs in a new IPC namespace so that ids start at 0 in every run. */
int main(void)
{
    if (unshare(CLONE_NEWIPC) && unshare(CLONE_NEWUSER | CLONE_NEWIPC))
        return 1;
    char *unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(unmapped, 4096);
    /* shm */
    int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    shmget(0x1234, 4096, IPC_CREAT | IPC_EXCL | 0640);
    shmget(0x1234, 4096, 0); { struct shmid_ds d0; shmctl(shmget(0x1234, 4096, 0), IPC_STAT, &d0); } shmctl(shmget(0x1234, 4096, 0), IPC_RMID, 0);
    shmctl(shmget(-1, 1, 0xffff), IPC_RMID, NULL);
    void *p = shmat(id, NULL, SHM_RDONLY);
    shmat(-1, (void *)0x1000, SHM_RND | SHM_EXEC | SHM_REMAP);
    struct shmid_ds ds;
    shmctl(id, IPC_STAT, &ds);
    shmctl(id, IPC_STAT, NULL);
    shmctl(id, IPC_STAT, (void *)unmapped);
    shmctl(id, IPC_SET, &ds);
    shmctl(id, SHM_LOCK, NULL);
    struct shminfo si;
    shmctl(0, IPC_INFO, (void *)&si);
    struct shm_info sinf;
    shmctl(0, SHM_INFO, (void *)&sinf);
    shmctl(id, SHM_STAT, &ds);
    shmctl(id, 0xbad, &ds);
    shmdt(p);
    shmdt(NULL);
    shmctl(id, IPC_RMID, NULL);
    /* sem */
    int sid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    semget(0x4321, 1, IPC_EXCL);
    struct sembuf ops[2] = {{0, 1, IPC_NOWAIT}, {1, -1, SEM_UNDO | IPC_NOWAIT}};
    semop(sid, ops, 1);
    semop(sid, ops, 2);
    semop(sid, NULL, 1);
    semop(sid, (void *)unmapped, 1);
    struct timespec ts = {0, 1000};
    semtimedop(sid, ops + 1, 1, &ts);
    semtimedop(sid, ops, 1, NULL);
    semtimedop(sid, ops, 1, (void *)unmapped);
    union semun { int val; struct semid_ds *buf; unsigned short *array; } arg;
    struct semid_ds sds;
    arg.buf = &sds;
    semctl(sid, 0, IPC_STAT, arg);
    arg.val = 5;
    semctl(sid, 0, SETVAL, arg);
    semctl(sid, 0, GETVAL);
    unsigned short vals[2] = {3, 4};
    arg.array = vals;
    semctl(sid, 0, SETALL, arg);
    semctl(sid, 0, GETALL, arg);
    semctl(sid, 1, GETPID);
    semctl(sid, 1, GETNCNT);
    semctl(sid, 1, GETZCNT);
    arg.buf = NULL;
    semctl(sid, 0, IPC_STAT, arg);
    semctl(sid, 0, 0xbad, arg);
    semctl(sid, 0, IPC_RMID);
    /* msg */
    int mid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    msgget(0x777, 0);
    struct { long mtype; char mtext[16]; } m = {42, "hello"};
    msgsnd(mid, &m, 6, 0);
    msgsnd(mid, &m, 6, IPC_NOWAIT);
    msgsnd(mid, NULL, 6, 0);
    msgsnd(mid, (void *)unmapped, 6, 0);
    msgrcv(mid, &m, sizeof(m.mtext), 0, IPC_NOWAIT);
    msgrcv(mid, &m, sizeof(m.mtext), 7, IPC_NOWAIT | MSG_EXCEPT | MSG_NOERROR);
    msgrcv(mid, NULL, 6, 0, IPC_NOWAIT);
    struct msqid_ds mds;
    msgctl(mid, IPC_STAT, &mds);
    msgctl(mid, IPC_STAT, NULL);
    msgctl(mid, IPC_SET, &mds);
    struct msginfo mi;
    msgctl(0, IPC_INFO, (void *)&mi);
    msgctl(0, MSG_INFO, (void *)&mi);
    msgctl(mid, IPC_RMID, NULL);
    /* mq */
    struct mq_attr attr = {0, 4, 32, 0};
    mqd_t q = mq_open("/pytrace-probe", O_CREAT | O_RDWR, 0600, &attr);
    mq_open("/pytrace-none", O_RDONLY);
    syscall(SYS_mq_open, unmapped, O_RDONLY, 0, NULL);
    syscall(SYS_mq_open, "pytrace-probe2", O_CREAT | O_WRONLY | O_NONBLOCK, 0644, unmapped);
    mq_send(q, "hi there", 8, 3);
    char rb[64]; unsigned pr;
    mq_receive(q, rb, sizeof(rb), &pr);
    struct timespec abs = {1, 0};
    mq_timedsend(q, "x", 1, 1, &abs);
    mq_timedreceive(q, rb, sizeof(rb), NULL, &abs);
    syscall(SYS_mq_timedreceive, q, unmapped, 32, unmapped, unmapped);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL; sev.sigev_signo = SIGUSR1;
    mq_notify(q, &sev);
    mq_notify(q, NULL);
    sev.sigev_notify = SIGEV_NONE;
    mq_notify(q, &sev);
    syscall(SYS_mq_notify, q, unmapped);
    struct mq_attr old;
    mq_getattr(q, &old);
    attr.mq_flags = O_NONBLOCK;
    mq_setattr(q, &attr, &old);
    syscall(SYS_mq_getsetattr, q, unmapped, unmapped);
    close(q);
    mq_unlink("/pytrace-probe");
    mq_unlink("/pytrace-none");
    syscall(SYS_mq_unlink, unmapped);
    return 0;
}
