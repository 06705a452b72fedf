/* Extended attributes: set/get/list/remove in path, l and f forms; failures and bad pointers. */
#include <sys/xattr.h>
#include <fcntl.h>
#include <unistd.h>
int main(){ char b[256]; int fd=open("/tmp/xa_f", O_CREAT|O_RDWR, 0644);
 setxattr("/tmp/xa_f","user.a","hello",5,0); setxattr("/tmp/xa_f","user.b","x\001y",3,XATTR_CREATE); setxattr("/tmp/xa_f","user.b","z",1,XATTR_REPLACE|XATTR_CREATE);
 fsetxattr(fd,"user.c","0123456789012345678901234567890123456789",40,0);
 getxattr("/tmp/xa_f","user.a",b,sizeof b); lgetxattr("/tmp/xa_f","user.a",b,2); fgetxattr(fd,"user.c",b,sizeof b); getxattr("/tmp/xa_f","user.a",0,0);
 listxattr("/tmp/xa_f",b,sizeof b); llistxattr("/tmp/xa_f",0,0); flistxattr(fd,b,3);
 removexattr("/tmp/xa_f","user.a"); lremovexattr("/tmp/xa_f","user.zz"); fremovexattr(fd,"user.c"); getxattr((char*)1,"a",b,1); getxattr("/tmp/xa_f",(char*)1,(void*)1,10);
 unlink("/tmp/xa_f"); return 0;}
