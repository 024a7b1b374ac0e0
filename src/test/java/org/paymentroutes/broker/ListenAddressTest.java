package org.paymentroutes.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void parsesHostAndPort() {
        assertThat(ListenAddress.parse("127.0.0.1:61616")).isEqualTo(new ListenAddress("127.0.0.1", 61616));
        assertThat(ListenAddress.parse("[::1]:0")).isEqualTo(new ListenAddress("::1", 0));
    }

    @Test
    void clientUrlNeverPointsAtAWildcard() {
        assertThat(ListenAddress.parse("0.0.0.0:61616").clientUrl()).isEqualTo("tcp://127.0.0.1:61616");
        assertThat(ListenAddress.parse("[::1]:61616").clientUrl()).isEqualTo("tcp://[::1]:61616");
        assertThat(ListenAddress.parse("broker.internal:61617").clientUrl()).isEqualTo("tcp://broker.internal:61617");
    }

    @Test
    void rejectsWhatIsNotHostColonPortNamingTheKey() {
        for (String bad : new String[] {"", "61616", "host:", ":61616", "host:x", "host:70000"}) {
            assertThatThrownBy(() -> ListenAddress.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("payments.broker.listen: ");
        }
    }
}
