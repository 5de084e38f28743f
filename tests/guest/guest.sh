# Helpers for a guest's /init (busybox sh). The image builder installs this
# file as /lib/guest.sh; an /init sources it:
#   . /lib/guest.sh
#   guest_setup                   # mounts, kernel modules, loopback
#   guest_result "status=ok ..."  # one "GUEST-RESULT ..." line on the console
#   guest_done                    # "GUEST-DONE", then power off
# The host side (tests/guest/qemu.py) waits for these lines on the serial log.

guest_log() { echo "guest: $*" > /dev/console; }

guest_setup() {
    mount -t proc proc /proc
    mount -t sysfs sysfs /sys
    mount -t devtmpfs devtmpfs /dev 2>/dev/null
    mkdir -p /dev/pts /run /tmp /var/run /var/log /var/lock
    mount -t devpts devpts /dev/pts
    mount -t tmpfs tmpfs /run
    mount -t tmpfs tmpfs /tmp
    # Modules in dependency order (the builder resolved them from modinfo).
    while read -r m; do
        [ -n "$m" ] || continue
        insmod "$m" || guest_log "insmod $m failed"
    done < /etc/guest-modules
    ip link set lo up
}

# The value of key=value on the kernel command line (qemu.py --append).
guest_cmdline() {
    for w in $(cat /proc/cmdline); do
        case "$w" in "$1="*) echo "${w#*=}"; return 0 ;; esac
    done
    return 1
}

guest_result() { echo "GUEST-RESULT $*" > /dev/console; }

guest_done() {
    echo "GUEST-DONE" > /dev/console
    sync
    # qemu.py runs QEMU with -no-reboot, so either way QEMU exits.
    poweroff -f 2>/dev/null || reboot -f
}
