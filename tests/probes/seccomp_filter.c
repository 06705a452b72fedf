#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <string.h>
/* seccomp(SECCOMP_SET_MODE_FILTER) programs as strace -v prints them: every classic BPF
 * class, unknown code bits, return actions with data, and arrays cut by an unmapped page.
 * Every call fails with EINVAL (unknown flag 0x100). */
int main(void){
 struct sock_filter f[] = {
  BPF_STMT(BPF_LD|BPF_W|BPF_ABS, offsetof(struct seccomp_data, arch)),
  BPF_JUMP(BPF_JMP|BPF_JEQ|BPF_K, AUDIT_ARCH_X86_64, 1, 0),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_KILL_PROCESS),
  BPF_STMT(BPF_LD|BPF_W|BPF_ABS, offsetof(struct seccomp_data, nr)),
  BPF_JUMP(BPF_JMP|BPF_JGT|BPF_K, 1000, 0, 1),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ERRNO|38),
  BPF_JUMP(BPF_JMP|BPF_JSET|BPF_X, 0, 2, 3),
  BPF_STMT(BPF_ALU|BPF_ADD|BPF_K, 5),
  BPF_STMT(BPF_ALU|BPF_NEG, 0),
  BPF_STMT(BPF_MISC|BPF_TAX, 0),
  BPF_STMT(BPF_MISC|BPF_TXA, 0),
  BPF_STMT(BPF_LDX|BPF_B|BPF_MSH, 14),
  BPF_STMT(BPF_LD|BPF_IMM, 7),
  BPF_STMT(BPF_LD|BPF_MEM, 3),
  BPF_STMT(BPF_ST, 2),
  BPF_STMT(BPF_STX, 1),
  BPF_STMT(BPF_LD|BPF_H|BPF_IND, 8),
  BPF_STMT(BPF_LD|BPF_W|BPF_LEN, 0),
  BPF_STMT(BPF_JMP|BPF_JA, 1),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_TRACE|5),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_TRAP|0x10),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_LOG),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_USER_NOTIF),
  BPF_STMT(BPF_RET|BPF_K, 0x12345678),
  BPF_STMT(BPF_RET|BPF_A, 0),
  BPF_STMT(BPF_RET|BPF_X, 0),
  BPF_STMT(BPF_ALU|BPF_RSH|BPF_X, 0),
  BPF_STMT(0xffff, 0xdead),
  BPF_JUMP(BPF_JMP|BPF_JGE|BPF_K, 0, 0, 0),
  BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ALLOW),
 };
 struct sock_fprog fp = { sizeof f / sizeof *f, f };
 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x100, &fp);
 struct sock_fprog fp2 = { 3, f };
 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x100, &fp2);
 struct sock_fprog fp3 = { 3, (void*)8 };
 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x100, &fp3);
 struct sock_fprog fp4 = { 0, f };
 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x100, &fp4);
 /* the array runs into an unmapped page after 2 instructions; or starts there */
 char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
 munmap(page + 4096, 4096);
 struct sock_filter *end = (struct sock_filter *)(page + 4096) - 2;
 memcpy(end, f, 2 * sizeof *f);
 struct sock_fprog fp5 = { 5, end };
 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x100, &fp5);
 struct sock_fprog fp6 = { 2, (struct sock_filter *)(page + 4096) };
 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x100, &fp6);
 /* the struct sock_fprog itself unreadable */
 syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, page + 4096);
 return 0;}
