#!/bin/sh
# /init of the VFIO guest (tests/vfio/vfio_guest.py): QEMU's edu device
# bound to vfio-pci behind an emulated Intel IOMMU, driven by our VFIO layer
# (vfio_edu_test) and found by mppecardctl's libpci discovery. Each check
# prints one GUEST-RESULT line; the host decides.
#
# The topology is vfio_guest.py's QEMU command line:
#   0000:01:00.0  edu, alone behind root port 1 (its own IOMMU group)
#   0000:02:00.0  edu, sharing slot 0 of root port 2 with
#   0000:02:00.1  virtio-rng, bound to virtio-pci (no ACS between the two
#                 functions: one group, not viable while virtio-pci has it)
. /lib/guest.sh
guest_setup
T=/bin/vfio_edu_test
CTL=/bin/mppecardctl
A=0000:01:00.0
B=0000:02:00.0
R=0000:02:00.1
con() { cat > /dev/console; }

# mppecardctl list --id 1234:11e8 against lspci: the same functions, and
# on each the fields the case wants (case, then grep patterns with counts)
list_case() {
    name=$1; shift
    out=$($CTL list --id 1234:11e8 2>&1); rc=$?
    echo "$out" | sed 's/^/list: /' | con
    want=$(lspci -D -d 1234:11e8 | cut -d' ' -f1 | sort | tr '\n' ' ')
    got=$(echo "$out" | sed -n 's/^  address: //p' | sort | tr '\n' ' ')
    st=ok; why=""
    [ $rc -eq 0 ] || { st=fail; why="exit $rc"; }
    [ "$got" = "$want" ] || { st=fail; why="$why addresses [$got] lspci [$want]"; }
    while [ $# -ge 2 ]; do
        n=$(echo "$out" | grep -c "$1")
        [ "$n" = "$2" ] || { st=fail; why="$why '$1' x$n not x$2"; }
        shift 2
    done
    guest_result "case=$name status=$st found=[$got] $why"
}

if [ "$(guest_cmdline vfio_case)" = no-iommu ]; then
    # booted with intel_iommu=off: vfio-pci cannot take the device
    echo 1234 11e8 > /sys/bus/pci/drivers/vfio-pci/new_id 2>/dev/null
    list_case list-no-iommu "iommu_group: none" 2 "vfio_ready: no" 2
    $T --expect-error "no IOMMU is active" no-iommu open $A | con
    guest_done
fi

list_case list-unbound "driver: none" 2 "iommu_group: [0-9]" 2 "bars: BAR0 1024 KiB" 2
$T --expect-error "bound to no driver, not to vfio-pci" not-bound open $A | con
# what the message tells the user to do, done through sysfs
echo 1234 11e8 > /sys/bus/pci/drivers/vfio-pci/new_id
list_case list-bound "driver: vfio-pci" 2 "vfio_ready: yes" 2
$T --expect-error "bound to driver virtio-pci, not to vfio-pci" other-driver open $R | con
$T --expect-error "0000:02:00.1 (virtio-pci)" group-not-viable open $B | con

# QEMU's IOMMU here does not remap interrupts (intremap=off), so the kernel
# refuses VFIO until told to trust the device, as the message says
$T --expect-error "does not remap interrupts" no-intremap open $A | con
echo 1 > /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts

faults0=$(dmesg | grep -c 'DMAR: \[DMA Write')
$T dma dma $A | con
faults1=$(dmesg | grep -c 'DMAR: \[DMA Write')
dmesg | grep 'DMAR: \[DMA Write' | tail -n 3 | sed 's/^/dmesg: /' | con
if [ "$faults1" -gt "$faults0" ]; then
    guest_result "case=iommu-fault-logged status=ok faults=$((faults1 - faults0))"
else
    guest_result "case=iommu-fault-logged status=fail faults=0"
fi
$T killed killed $A | con

G=$(basename "$(readlink /sys/bus/pci/devices/$A/iommu_group)")
ls -l /dev/vfio | sed 's/^/dev: /' | con
$T --uid 1000 --expect-error "no permission to open /dev/vfio/$G" permission open $A | con
# the group given to the user, as the message says; then the memlock limit
chown 1000 /dev/vfio/$G
$T --uid 1000 --memlock 64 memlock-under-limit map $A 16 | con
$T --uid 1000 --memlock 64 --expect-error "locked-memory limit" memlock map $A 1024 | con
chown 0 /dev/vfio/$G
guest_done
