/**
 * An in-process helpdesk speaking the Helpline Support API, for tests and demos: start a {@link
 * dev.helpline.testkit.TestDesk}, point a client at {@link dev.helpline.testkit.TestDesk#baseUrl()}, play the agent
 * with {@link dev.helpline.testkit.DeskAdmin}, break the network on purpose with {@link dev.helpline.testkit.Faults},
 * and assert on {@link dev.helpline.testkit.DeskTicket} snapshots.
 */
@NullMarked
package dev.helpline.testkit;

import org.jspecify.annotations.NullMarked;
