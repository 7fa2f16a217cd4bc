/*
 * spank_srt_container: a pyxis-compatible container runtime for the test cluster.
 *
 * A SPANK plugin that Slurm loads for every srun step (plugstack.conf). It registers the
 * pyxis options srtctl's srun lines use and, for a step given --container-image, runs each
 * task in a private mount namespace whose root is the image:
 *
 *   - the image is a directory rootfs `<images>/<NAME>` (or an absolute directory path),
 *     mounted as a writable copy-on-write overlay (writes vanish with the step, as in an
 *     enroot container); each absolute directory listed in `<image>/.srt-host-dirs` is
 *     overlaid from the host at the same path (how the test images give a view of the
 *     host's /usr and /etc without copying them);
 *   - fresh /proc, /run and /tmp (tmpfs), the host's /dev and /sys;
 *   - the user's home unless --no-container-mount-home;
 *   - every --container-mounts entry SRC[:DST[:FLAGS]] (FLAGS: ro, rw; DST defaults to SRC);
 *   - nothing else: a host path that is not mounted does not exist in the step.
 *
 * Working directory: --container-workdir, else the step's directory when it exists in the
 * container, else `/`. The environment passes through unchanged (the images have none of
 * their own). No PID namespace, as with pyxis/enroot: scancel and process tracking work as
 * for any step. A failure (unknown image, missing mount source, bad option) fails the task
 * before it runs its program, with a message naming the cause on the step's stderr (its
 * --output file) and exit code 1.
 *
 * Built by tests/slurm/start-cluster.sh with the system cc against Debian's libslurm-dev.
 * Plugin arguments (plugstack.conf): images=DIR (the image registry) stage=DIR (an empty
 * host directory the root is assembled on, privately per task).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <slurm/spank.h>

SPANK_PLUGIN(srt_container, 1);

#define TAG "pyxis"
#define MAX_MOUNTS 64

struct mount_entry {
	char src[PATH_MAX];
	char dst[PATH_MAX];
	int readonly;
};

static char *opt_image;
static char *opt_mounts;
static char *opt_workdir;
static int opt_mount_home = 1;
static char images_dir[PATH_MAX] = "/var/lib/srt-local-slurm/images";
static char stage_dir[PATH_MAX] = "/var/lib/srt-local-slurm/ctr-stage";

/* slurmstepd's error(): the step's stderr (its --output file) and the slurmd log, as pyxis reports. */
static void fail_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail_msg(const char *fmt, ...)
{
	char buf[2 * PATH_MAX + 256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	slurm_error(TAG ": %s", buf);
}

static int set_string(char **dst, const char *value)
{
	free(*dst);
	*dst = value ? strdup(value) : NULL;
	return 0;
}

/* Parses "SRC[:DST[:FLAGS]],..." into entries; returns the count or -1 with a message. */
static int parse_mounts(const char *spec, struct mount_entry *out, int max, char *err, size_t errlen)
{
	int n = 0;
	char *copy = strdup(spec), *save = NULL, *item;
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *parts[4] = {NULL, NULL, NULL, NULL};
		int k = 0;
		char *p = item, *colon;
		while (k < 3 && (colon = strchr(p, ':')) != NULL) {
			*colon = '\0';
			parts[k++] = p;
			p = colon + 1;
		}
		parts[k++] = p;
		if (strchr(p, ':')) {
			snprintf(err, errlen, "mount entry '%s' has more than SRC:DST:FLAGS", item);
			goto bad;
		}
		if (n >= max) {
			snprintf(err, errlen, "more than %d mounts", max);
			goto bad;
		}
		const char *src = parts[0], *dst = parts[1] ? parts[1] : parts[0], *flags = parts[2] ? parts[2] : "";
		if (src[0] != '/' || dst[0] != '/') {
			snprintf(err, errlen, "mount entry '%s:%s': source and destination must be absolute paths", src, dst);
			goto bad;
		}
		if (strlen(src) >= PATH_MAX || strlen(dst) >= PATH_MAX) {
			snprintf(err, errlen, "mount entry path too long");
			goto bad;
		}
		strcpy(out[n].src, src);
		strcpy(out[n].dst, dst);
		out[n].readonly = 0;
		char *fsave = NULL, *flag, *fcopy = strdup(flags);
		for (flag = strtok_r(fcopy, "+", &fsave); flag; flag = strtok_r(NULL, "+", &fsave)) {
			if (strcmp(flag, "ro") == 0) out[n].readonly = 1;
			else if (strcmp(flag, "rw") == 0) out[n].readonly = 0;
			else if (strcmp(flag, "rbind") != 0 && strcmp(flag, "bind") != 0) {
				snprintf(err, errlen, "mount entry '%s:%s': unknown flag '%s' (supported: ro, rw)", src, dst, flag);
				free(fcopy);
				goto bad;
			}
		}
		free(fcopy);
		n++;
	}
	free(copy);
	return n;
bad:
	free(copy);
	return -1;
}

static int cb_image(int val, const char *optarg, int remote)
{
	(void)val;
	(void)remote;
	if (!optarg || !*optarg) {
		slurm_error(TAG ": --container-image needs a value");
		return -1;
	}
	return set_string(&opt_image, optarg);
}

static int cb_mounts(int val, const char *optarg, int remote)
{
	(void)val;
	(void)remote;
	struct mount_entry tmp[MAX_MOUNTS];
	char err[PATH_MAX];
	if (!optarg || parse_mounts(optarg, tmp, MAX_MOUNTS, err, sizeof(err)) < 0) {
		slurm_error(TAG ": invalid --container-mounts: %s", optarg ? err : "empty");
		return -1;
	}
	return set_string(&opt_mounts, optarg);
}

static int cb_workdir(int val, const char *optarg, int remote)
{
	(void)val;
	(void)remote;
	if (!optarg || optarg[0] != '/') {
		slurm_error(TAG ": --container-workdir must be an absolute path");
		return -1;
	}
	return set_string(&opt_workdir, optarg);
}

static int cb_flag(int val, const char *optarg, int remote)
{
	(void)optarg;
	(void)remote;
	if (val == 1) opt_mount_home = 1;
	if (val == 2) opt_mount_home = 0;
	/* 3, 4: entrypoint on/off (the images have no entrypoint); 5: --container-env (the environment passes through whole) */
	return 0;
}

static struct spank_option options[] = {
	{"container-image", "[USER@][REGISTRY#]IMAGE[:TAG]|PATH", "[srt-container] the image: a rootfs directory in the test cluster's image registry, or an absolute directory", 1, 0, cb_image},
	{"container-mounts", "SRC[:DST[:FLAGS]][,...]", "[srt-container] bind mount(s) into the container (FLAGS: ro, rw)", 1, 0, cb_mounts},
	{"container-workdir", "PATH", "[srt-container] working directory inside the container", 1, 0, cb_workdir},
	{"container-mount-home", NULL, "[srt-container] bind mount the user's home directory (default)", 0, 1, cb_flag},
	{"no-container-mount-home", NULL, "[srt-container] do not bind mount the user's home directory", 0, 2, cb_flag},
	{"container-entrypoint", NULL, "[srt-container] run the image's entrypoint (the test images have none)", 0, 3, cb_flag},
	{"no-container-entrypoint", NULL, "[srt-container] do not run the image's entrypoint", 0, 4, cb_flag},
	{"container-env", "NAME[,NAME...]", "[srt-container] keep these host variables (every variable passes through already)", 1, 5, cb_flag},
	SPANK_OPTIONS_TABLE_END,
};

int slurm_spank_init(spank_t sp, int ac, char **av)
{
	int i;
	for (i = 0; i < ac; i++) {
		if (strncmp(av[i], "images=", 7) == 0) snprintf(images_dir, sizeof(images_dir), "%s", av[i] + 7);
		else if (strncmp(av[i], "stage=", 6) == 0) snprintf(stage_dir, sizeof(stage_dir), "%s", av[i] + 6);
		else slurm_error(TAG ": unknown plugin argument '%s' in plugstack.conf", av[i]);
	}
	spank_context_t ctx = spank_context();
	if (ctx != S_CTX_LOCAL && ctx != S_CTX_REMOTE && ctx != S_CTX_ALLOCATOR) return 0;
	for (i = 0; options[i].name; i++) {
		if (spank_option_register(sp, &options[i]) != ESPANK_SUCCESS) {
			slurm_error(TAG ": could not register --%s", options[i].name);
			return -1;
		}
	}
	return 0;
}

static int mkdir_p(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);
	if (len >= sizeof(buf)) return -1;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/') continue;
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST) return -1;
		*p = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST) return -1;
	return 0;
}

/* Creates the mount point for SRC at PATH: a directory, or an empty file when SRC is a file. */
static int make_mountpoint(const char *src, const char *path)
{
	struct stat st;
	if (stat(src, &st) < 0) return -1;
	if (S_ISDIR(st.st_mode)) return mkdir_p(path, 0755);
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", path);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		if (mkdir_p(parent, 0755) < 0) return -1;
	}
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0 && errno != EEXIST) return -1;
	if (fd >= 0) close(fd);
	return 0;
}

static int bind(const char *src, const char *dst, int readonly)
{
	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0) return -1;
	if (readonly && mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0) return -1;
	return 0;
}

/* Image NAME → rootfs directory; -1 with a message when there is none. */
static int resolve_image(const char *image, char *out, size_t outlen)
{
	struct stat st;
	if (image[0] == '/') {
		snprintf(out, outlen, "%s", image);
	} else {
		if (strstr(image, "..") || strstr(image, "//")) {
			fail_msg("invalid image name '%s'", image);
			return -1;
		}
		snprintf(out, outlen, "%s/%s", images_dir, image);
	}
	if (stat(out, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fail_msg("failed to import image '%s': no rootfs directory %s (the test cluster resolves --container-image NAME to %s/NAME; squashfs files and registries are not supported, see tests/slurm/README.md)",
			image, out, images_dir);
		return -1;
	}
	return 0;
}

/*
 * A writable copy-on-write view of LOWER at DST: LOWER bound to <stage>/l<N> (any characters
 * in its path are fine there), then overlayfs with its upper layer on the stage tmpfs, so
 * writes succeed and vanish with the step, as in an enroot container.
 */
static int overlay(const char *lower, const char *dst, int n)
{
	char l[PATH_MAX], u[PATH_MAX], w[PATH_MAX], opts[3 * PATH_MAX + 64];
	snprintf(l, sizeof(l), "%s/l%d", stage_dir, n);
	snprintf(u, sizeof(u), "%s/u%d", stage_dir, n);
	snprintf(w, sizeof(w), "%s/w%d", stage_dir, n);
	if (mkdir_p(l, 0755) < 0 || mkdir_p(u, 0755) < 0 || mkdir_p(w, 0755) < 0) return -1;
	if (mount(lower, l, NULL, MS_BIND, NULL) < 0) return -1;
	if (mount(NULL, l, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0) return -1;
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s", l, u, w);
	return mount("overlay", dst, "overlay", 0, opts);
}

/* The image's rootfs at ROOT (writable overlay), with each host directory it lists overlaid at its path. */
static int populate_root(const char *image_dir, const char *root)
{
	char path[PATH_MAX], dst[PATH_MAX];
	if (mkdir_p(root, 0755) < 0 || overlay(image_dir, root, 0) < 0) {
		fail_msg("cannot mount image %s: %s", image_dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/.srt-host-dirs", image_dir);
	FILE *f = fopen(path, "r");
	if (!f) return 0;
	char line[PATH_MAX];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '/') continue;
		snprintf(dst, sizeof(dst), "%s%s", root, line);
		if (mkdir_p(dst, 0755) < 0 || overlay(line, dst, ++n) < 0) {
			fail_msg("image %s: cannot mount host %s: %s", image_dir, line, strerror(errno));
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

static int system_mounts(const char *root)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/proc", root);
	if (mkdir_p(p, 0555) < 0 || mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) goto err;
	snprintf(p, sizeof(p), "%s/dev", root);
	if (mkdir_p(p, 0755) < 0 || bind("/dev", p, 0) < 0) goto err;
	snprintf(p, sizeof(p), "%s/sys", root);
	if (mkdir_p(p, 0555) < 0 || bind("/sys", p, 0) < 0) goto err;
	snprintf(p, sizeof(p), "%s/run", root);
	if (mkdir_p(p, 0755) < 0 || mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") < 0) goto err;
	snprintf(p, sizeof(p), "%s/tmp", root);
	if (mkdir_p(p, 01777) < 0 || mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0) goto err;
	return 0;
err:
	fail_msg("cannot mount %s: %s", p, strerror(errno));
	return -1;
}

static int user_mounts(const char *root, uid_t uid)
{
	char dst[PATH_MAX];
	if (opt_mount_home) {
		struct passwd *pw = getpwuid(uid);
		struct stat st;
		if (pw && pw->pw_dir && strcmp(pw->pw_dir, "/") != 0 && stat(pw->pw_dir, &st) == 0) {
			snprintf(dst, sizeof(dst), "%s%s", root, pw->pw_dir);
			if (make_mountpoint(pw->pw_dir, dst) < 0 || bind(pw->pw_dir, dst, 0) < 0) {
				fail_msg("cannot mount home directory %s: %s", pw->pw_dir, strerror(errno));
				return -1;
			}
		}
	}
	if (!opt_mounts) return 0;
	struct mount_entry *m = calloc(MAX_MOUNTS, sizeof(*m));
	char err[PATH_MAX];
	int n = parse_mounts(opt_mounts, m, MAX_MOUNTS, err, sizeof(err));
	if (n < 0) {
		fail_msg("invalid --container-mounts: %s", err);
		free(m);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (stat(m[i].src, &st) < 0) {
			fail_msg("mount source %s (for %s) does not exist on %s: %s", m[i].src, m[i].dst, getenv("SLURMD_NODENAME") ? getenv("SLURMD_NODENAME") : "this node", strerror(errno));
			free(m);
			return -1;
		}
		snprintf(dst, sizeof(dst), "%s%s", root, m[i].dst);
		if (make_mountpoint(m[i].src, dst) < 0 || bind(m[i].src, dst, m[i].readonly) < 0) {
			fail_msg("cannot mount %s at %s%s: %s", m[i].src, m[i].dst, m[i].readonly ? " (ro)" : "", strerror(errno));
			free(m);
			return -1;
		}
	}
	free(m);
	return 0;
}

static int enter_container(spank_t sp)
{
	char image_dir[PATH_MAX], cwd[PATH_MAX], old[PATH_MAX], root[PATH_MAX];
	uid_t uid = 0;
	spank_get_item(sp, S_JOB_UID, &uid);
	if (!getcwd(cwd, sizeof(cwd))) cwd[0] = '\0';
	if (resolve_image(opt_image, image_dir, sizeof(image_dir)) < 0) return -1;
	if (unshare(CLONE_NEWNS) < 0) {
		fail_msg("unshare(CLONE_NEWNS): %s", strerror(errno));
		return -1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		fail_msg("cannot make / private: %s", strerror(errno));
		return -1;
	}
	if (mkdir_p(stage_dir, 0755) < 0 || mount("tmpfs", stage_dir, "tmpfs", 0, "mode=755") < 0) {
		fail_msg("cannot mount the container root on %s: %s", stage_dir, strerror(errno));
		return -1;
	}
	snprintf(root, sizeof(root), "%s/root", stage_dir);
	if (populate_root(image_dir, root) < 0 || system_mounts(root) < 0 || user_mounts(root, uid) < 0) return -1;
	snprintf(old, sizeof(old), "%s/.srt-old-root", root);
	if (mkdir(old, 0700) < 0 || syscall(SYS_pivot_root, root, old) < 0 || chdir("/") < 0) {
		fail_msg("pivot_root into %s: %s", root, strerror(errno));
		return -1;
	}
	if (umount2("/.srt-old-root", MNT_DETACH) < 0 || rmdir("/.srt-old-root") < 0) {
		fail_msg("cannot detach the host root: %s", strerror(errno));
		return -1;
	}
	if (opt_workdir) {
		if (mkdir_p(opt_workdir, 0755) < 0 || chdir(opt_workdir) < 0) {
			fail_msg("cannot use --container-workdir %s: %s", opt_workdir, strerror(errno));
			return -1;
		}
	} else if (cwd[0] == '\0' || chdir(cwd) < 0) {
		if (chdir("/") < 0) return -1;
	}
	return 0;
}

int slurm_spank_task_init(spank_t sp, int ac, char **av)
{
	(void)ac;
	(void)av;
	if (!spank_remote(sp) || !opt_image) return 0;
	return enter_container(sp) < 0 ? -1 : 0;
}
