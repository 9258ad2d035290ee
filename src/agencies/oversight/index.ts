/** The oversight node: tamper-evident audit chain, complaints, opt-out requests. */
export { oversightMigrations, type OversightTables } from './store.ts';
export { appendAudit, verifyAudit, listAudit, type AuditEntry, type AuditInput, type AuditVerdict } from './audit.ts';
export { fileComplaint, updateComplaint, getComplaint, listComplaints, complaintCounts, complaintCategories, complaintStatuses, type Complaint } from './complaints.ts';
export { requestOptOut, withdrawOptOut, listOptOuts, optedOutCounties, optOutModes, type OptOutMode, type OptOutRequest } from './opt-out.ts';
/** The name other nodes and the server use for the audit migrations. */
export { oversightMigrations as auditMigrations } from './store.ts';
