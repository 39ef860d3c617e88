# Switchyard patch set for Redis 7.0.15's TCL suite (listed in docs/COMPATIBILITY.md,
# "Redis test suite"). Sourced by the patched tests/test_helper.tcl of a temporary copy.
#
# Patch 1: the suite's `r` helper (and the `r flushall` / `r function flush` / `r config set`
# it runs around every test) sends server-administration commands, which the proxy refuses
# by design, straight to the backend under test (::sy_backend_port, written next to this
# file by the runner). Every other command still goes through `r` unchanged, i.e. through
# the proxy. The direct run uses the same patch, so both runs are alike.
source tests/switchyard-target.tcl
set ::sy_bypass {flushall flushdb config debug save bgsave bgrewriteaof lastsave
                 slowlog latency replicaof slaveof acl shutdown}

proc sy_backend {args} {
    if {![info exists ::sy_backend_client]} {
        set ::sy_backend_client [redis $::host $::sy_backend_port 0 $::tls]
    }
    $::sy_backend_client {*}$args
}

proc r {args} {
    set rest $args
    if {[string is integer [lindex $args 0]]} { set rest [lrange $args 1 end] }
    set cmd [string tolower [lindex $rest 0]]
    set sub [string tolower [lindex $rest 1]]
    # FUNCTION FLUSH only (the suite's reset before every server block); FUNCTION LOAD etc.
    # are the tests' own commands and go through the proxy like any other. DEBUG PROTOCOL
    # shapes the reply of the connection it runs on (readraw tests read it there), so it
    # stays on `r` too.
    if {($cmd eq {debug} && $sub eq {protocol})} { return [sy_through_r {*}$args] }
    if {[lsearch -exact $::sy_bypass $cmd] >= 0 || ($cmd eq {function} && $sub eq {flush})} {
        return [sy_backend {*}$rest]
    }
    sy_through_r {*}$args
}
