export { BROWSE_CSP, BrowseUiOptions, registerBrowseUi } from './browse-routes';
export { BrowseQuery, parseBrowseQuery, serverListApiPath } from './browse-query';
export { PackageInput, RunLine, runLineOf, shellQuote } from './run-line';
export { RemoteConnection, remoteConnectionOf } from './remote-connection';
export { Badge, provenanceBadges, entryProvenance } from './provenance';
