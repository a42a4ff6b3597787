#!/bin/sh
# The uevent helper of bench-init.sh: one line per uevent.
echo "$ACTION $SUBSYSTEM $DEVTYPE" >>/tmp/uevents
