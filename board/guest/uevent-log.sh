#!/bin/sh
# The guest's uevent helper (/proc/sys/kernel/hotplug): one line per uevent.
echo "ACTION=$ACTION SUBSYSTEM=$SUBSYSTEM DEVTYPE=$DEVTYPE DEVPATH=$DEVPATH" >>/tmp/uevents
