export { Keyring, KeyConfigError, loadKeyring, newKey, parseKeySpec, addKeyToFile, readKeyFile, keyFilePath, type KeyEntry } from './keyring.js';
export { isSealed, keyIdOf, open, openLenient, SEALED_ANYWHERE, sealJson, sealText, SealedValueError, UnknownKeyError } from './sealed.js';
export { hasKeyring, installKeyring, openDeep, openFailures, processKeyring, seal } from './process-keyring.js';
export { EncryptionCodec, temporalDataConverter } from './payload-codec.js';
