/* Errnos strace 6.1 cannot name (a seccomp filter makes calls fail with them): it prints
 * "= -1 (errno N)". F_GETOWN of a process group whose id is below 4096 looks the same. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stddef.h>
int main(void)
{
 struct sock_filter f[] = {
  BPF_STMT(BPF_LD|BPF_W|BPF_ABS, offsetof(struct seccomp_data, nr)),
  BPF_JUMP(BPF_JMP|BPF_JEQ|BPF_K, SYS_getppid, 0, 1),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ERRNO|498),
  BPF_JUMP(BPF_JMP|BPF_JEQ|BPF_K, SYS_getuid, 0, 1),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ERRNO|4000),
  BPF_JUMP(BPF_JMP|BPF_JEQ|BPF_K, SYS_getgid, 0, 1),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ERRNO|200),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ALLOW)};
 struct sock_fprog p = {sizeof(f)/sizeof(f[0]), f};
 prctl(PR_SET_NO_NEW_PRIVS,1,0,0,0); prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p);
 syscall(SYS_getppid); syscall(SYS_getuid); syscall(SYS_getgid); return 0;}
