// SPDX-License-Identifier: Apache-2.0
/**
 * A local DNS primary for laptops, tests and benchmarks: {@link org.dnsagent.master.LocalMaster}
 * serves the zone files of a directory over UDP and TCP (SOA and other lookups, AXFR, IXFR),
 * reloads them when they change and sends NOTIFY to its secondaries, with optional TSIG. {@link
 * org.dnsagent.master.MasterCommand} is its command line.
 */
package org.dnsagent.master;
