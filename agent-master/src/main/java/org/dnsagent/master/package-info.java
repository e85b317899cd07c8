// SPDX-License-Identifier: Apache-2.0
/**
 * A DNS primary in two layers. {@link org.dnsagent.master.ZoneServer} is the serving library: zones
 * in memory with their IXFR history, answered over UDP and TCP (lookups, AXFR, IXFR) to the clients
 * an {@link org.dnsagent.spi.AddressAcl} admits, with optional TSIG, and NOTIFY to secondaries on
 * every new serial; it does not care where zones come from (the msdns backend's relay publishes
 * what the agent transferred). {@link org.dnsagent.master.LocalMaster} is the local primary for
 * laptops, tests and benchmarks on top of it: it serves the zone files of a directory, reloads them
 * when they change; {@link org.dnsagent.master.MasterCommand} is its command line.
 */
package org.dnsagent.master;
