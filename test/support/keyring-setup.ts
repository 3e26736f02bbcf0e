// Every test process holds a keyring of its own, as every product process does (startServices
// installs the one it loads): repositories called directly seal and open private data with it.
import { installKeyring, Keyring, newKey } from '../../engine/platform/crypto/index.js';

installKeyring(new Keyring(newKey()));
