# Switchyard patch set for Redis 7.0.15's TCL suite (listed in docs/COMPATIBILITY.md,
# "Redis test suite"). Sourced by the patched tests/test_helper.tcl of a temporary copy.
#
# Patch 1: the suite's `r` helper (and the `r flushall` / `r function flush` / `r config set`
# it runs around every test) sends server-administration commands, which the proxy refuses
# by design, straight to the backend under test (::sy_backend_port, written next to this
# file by the runner). Every other command still goes through `r` unchanged, i.e. through
# the proxy. The direct run uses the same patch, so both runs are alike.
#
# FUNCTION is among them: the proxy serves FCALL/FCALL_RO for functions an operator loaded
# on the instance, and refuses FUNCTION itself (COMPATIBILITY.md). scripting.tcl's function
# pass loads its function with FUNCTION LOAD and then runs FCALL, which still goes through
# the proxy.
source tests/switchyard-target.tcl
set ::sy_bypass {flushall flushdb config debug save bgsave bgrewriteaof lastsave
                 slowlog latency replicaof slaveof acl shutdown function}
set ::sy_raw_pending {}

proc sy_backend {args} {
    if {![info exists ::sy_backend_client]} {
        set ::sy_backend_client [redis $::host $::sy_backend_port 0 $::tls]
    }
    $::sy_backend_client {*}$args
}

# Patch 1b: a bypassed command that meets a BUSY backend waits (up to 10 s) for it. Tests that
# probe a running script with `r ping` see PONG through the proxy (it answers PING itself), fail,
# and leave the script running; the proxy's runaway-script budget stops it within 2 s. Without
# the wait every later test's `r config set` / `r flushall` failed BUSY too, and so did the file.
proc sy_backend_waiting {args} {
    for {set i 0} {$i < 200} {incr i} {
        if {![catch {sy_backend {*}$args} reply]} { return $reply }
        if {![string match {BUSY*} $reply]} { error $reply }
        after 50
    }
    error $reply
}

# True when the command goes to the backend instead of the server under test. DEBUG
# PROTOCOL shapes the reply of the connection it runs on (readraw tests read it there), so
# it stays on the connection under test.
proc sy_bypassed {cmd sub} {
    if {$cmd eq {debug} && $sub eq {protocol}} { return 0 }
    expr {[lsearch -exact $::sy_bypass $cmd] >= 0}
}

proc r {args} {
    set rest $args
    if {[string is integer [lindex $args 0]]} { set rest [lrange $args 1 end] }
    set cmd [string tolower [lindex $rest 0]]
    set sub [string tolower [lindex $rest 1]]
    # A reply the bypass owes to a `r read` of the connection under test (see below).
    if {$cmd eq {read} && [llength $::sy_raw_pending] > 0} {
        set reply [lindex $::sy_raw_pending 0]
        set ::sy_raw_pending [lrange $::sy_raw_pending 1 end]
        return $reply
    }
    if {![sy_bypassed $cmd $sub]} { return [sy_through_r {*}$args] }
    set reply [sy_backend_waiting {*}$rest]
    # In readraw mode the caller reads a bulk reply as two lines ("$4", then "test"): give it
    # the first now and keep the second for its next `r read` (FUNCTION LOAD's library name).
    if {[sy_through_r readingraw] eq 1 && $cmd eq {function} && $sub eq {load}} {
        lappend ::sy_raw_pending $reply
        return "\$[string length $reply]"
    }
    return $reply
}

# Patch 2: deferring clients (the original is kept as sy_through_deferring_client) get the
# same treatment: a bypassed command is written on a deferring connection to the backend, and
# each `read` takes its reply from the connection its command was written on, in order.
proc redis_deferring_client {args} {
    set through [sy_through_deferring_client {*}$args]
    set handle ::sy_rd[incr ::sy_rd_count]
    set ::sy_rd_through($handle) $through
    set ::sy_rd_pending($handle) {}
    proc $handle {args} "sy_rd_dispatch $handle {*}\$args"
    return $handle
}

proc sy_rd_dispatch {handle method args} {
    set through $::sy_rd_through($handle)
    set cmd [string tolower $method]
    if {$cmd eq {read}} {
        set from [lindex $::sy_rd_pending($handle) 0]
        set ::sy_rd_pending($handle) [lrange $::sy_rd_pending($handle) 1 end]
        if {$from eq {backend}} { return [$::sy_rd_backend($handle) read] }
        return [$through read]
    }
    if {$cmd eq {close} && [info exists ::sy_rd_backend($handle)]} {
        $::sy_rd_backend($handle) close
        unset ::sy_rd_backend($handle)
    }
    if {[sy_bypassed $cmd [string tolower [lindex $args 0]]]} {
        if {![info exists ::sy_rd_backend($handle)]} {
            set ::sy_rd_backend($handle) [redis $::host $::sy_backend_port 1 $::tls]
        }
        lappend ::sy_rd_pending($handle) backend
        return [$::sy_rd_backend($handle) $method {*}$args]
    }
    # Only a command written after a bypassed one that is still unread needs its place noted;
    # otherwise reads (including pub/sub messages no command asked for) go to the connection
    # under test.
    set own {blocking reconnect rawread write flush close channel deferred readraw readingraw attributes}
    if {[llength $::sy_rd_pending($handle)] > 0 && [lsearch -exact $own $cmd] < 0} {
        lappend ::sy_rd_pending($handle) through
    }
    $through $method {*}$args
}
