#!/usr/bin/env python3
"""pptp-client's PPTP layer against the real Linux client (pptp-linux 1.10.0),
field by field, both decoded by tshark (a decoder none of us wrote):

  client_framing.py REAL.pcap OURS.pcap PROFILE REAL_CLIENT_IP OUR_CLIENT_IP

REAL.pcap is a capture of the stock Debian client (tests/fixtures/captures/),
OURS.pcap one of pptp-client (PROFILE: linux, its default, or windows for
--windows), whose packets come from OUR_CLIENT_IP. Compared: every field of the client's Start-Control-Connection-
Request and Outgoing-Call-Request, whether it sends Set-Link-Info, and its
first GRE data packet (sequence number, ack field). Fields that are random
or name the host (call ID, host name) are compared by presence and size
only. A difference must be listed in EXPECTED below, with the reason that
docs/interop.md gives; any other difference fails, and so does an expected
one that went away (the list must stay true). Prints one line per field.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

# Fields that differ on purpose: (profile, message, field) -> (ours, reason).
EXPECTED = {}
for _p in ("linux", "windows"):
    EXPECTED.update({
        (_p, "SCCRQ", "pptp.maximum_channels"): ("0", "RFC 2637 2.1: the side that sends OCRQ (the PNS role) SHOULD "
                                                      "send 0; pptp-linux sends 65535"),
        (_p, "SCCRQ", "pptp.firmware_revision"): ("256", "ours says 1.0 (0x0100); pptp-linux 1"),
        (_p, "SCCRQ", "pptp.vendor_name"): (None, "the vendor string names the implementation"),
        (_p, "OCRQ", "pptp.call_serial_number"): (None, "ours counts calls from 1; pptp-linux sends 0"),
        (_p, "GRE", "gre.sequence_number"): ("0", "RFC 2637 4.1 sets no first number: ours 0, pptp-linux 1"),
    })
EXPECTED[("linux", "OCRQ", "pptp.packet_receive_window_size")] = (
    "16", "pptp-client -w, default 16 (a load generator); pptp-linux's default is 3")
EXPECTED[("windows", "OCRQ", "pptp.packet_receive_window_size")] = ("64", "Windows asks for 64 (its logs)")
RANDOM = {"pptp.call_id", "pptp.host_name"}     # compared by presence only
SKIP = {"pptp.length"}                          # follows from the fields


def pdml(path, client_ip):
    """The client's PPTP control and GRE packets, decoded by tshark once."""
    out = subprocess.run(["tshark", "-r", path, "-Y", "ip.src==%s && (pptp || gre)" % client_ip, "-T", "pdml"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
    return ET.fromstring(out).findall("packet")


def decode(path, client_ip):
    """type name -> [(field, value)] for SCCRQ, OCRQ, SLI (first of each) and
    the first GRE data packet."""
    msgs = {}
    for pkt in pdml(path, client_ip):
        for proto in pkt.findall("proto"):
            fields = [(f.get("name"), f.get("show")) for f in proto.iter("field")]
            if proto.get("name") == "pptp":
                kind = dict(fields).get("pptp.control_message_type")
                name = {"1": "SCCRQ", "7": "OCRQ", "15": "SLI"}.get(kind)
                if name and name not in msgs:
                    msgs[name] = [(n, v) for n, v in fields if n not in SKIP]
            elif proto.get("name") == "gre" and "GRE" not in msgs:
                f = dict(fields)
                if "gre.sequence_number" in f:
                    msgs["GRE"] = [("gre.sequence_number", f["gre.sequence_number"]),
                                   ("gre.ack", "yes" if "gre.ack_number" in f else "no")]
    return msgs


def main():
    real, ours, profile, real_ip, our_ip = sys.argv[1:6]
    r, o = decode(real, real_ip), decode(ours, our_ip)
    bad, seen = [], set()
    # Set-Link-Info: neither the Linux client nor pptp-client (Windows sends one, docs/interop.md)
    for name in ("SLI",):
        if (name in r) != (name in o):
            bad.append("%s: real %s, ours %s" % (name, name in r, name in o))
    for msg in ("SCCRQ", "OCRQ", "GRE"):
        if msg not in r or msg not in o:
            bad.append("%s missing (real %s, ours %s)" % (msg, msg in r, msg in o))
            continue
        rf, of = r[msg], o[msg]
        if [n for n, _ in rf] != [n for n, _ in of]:
            bad.append("%s: fields differ: real %s, ours %s" % (msg, [n for n, _ in rf], [n for n, _ in of]))
            continue
        for (n, rv), (_, ov) in zip(rf, of):
            key = (profile, msg, n)
            if n in RANDOM:
                print("  %-5s %-34s real=%-12r ours=%-12r (random/host: not compared)" % (msg, n, rv, ov))
                continue
            if key in EXPECTED:
                seen.add(key)
                want, why = EXPECTED[key]
                ok = rv != ov and (want is None or ov == want)
                print("  %-5s %-34s real=%-12r ours=%-12r %s: %s" % (msg, n, rv, ov, "differs" if ok else "UNEXPECTED",
                                                                      why))
                if not ok:
                    bad.append("%s %s: real %r ours %r, expected the listed difference (%s)" % (msg, n, rv, ov, why))
                continue
            print("  %-5s %-34s real=%-12r ours=%-12r %s" % (msg, n, rv, ov, "same" if rv == ov else "DIFFERENT"))
            if rv != ov:
                bad.append("%s %s: real %r, ours %r" % (msg, n, rv, ov))
    for key in EXPECTED:
        if key[0] == profile and key not in seen:
            bad.append("%s %s: listed as a difference but not seen" % key[1:])
    if bad:
        print("FAIL client framing (%s): %s" % (profile, "; ".join(bad)))
        return 1
    print("ok client framing (%s): control messages and GRE as the real client sends them, "
          "but the listed differences" % profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
