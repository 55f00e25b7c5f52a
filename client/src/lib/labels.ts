// Words for the pledge's enums, as people read them. One place, so every page names things alike.
// Section statuses, leadership categories and support areas are named in @lpt/shared/indicators.
import type { Commitment, OrganizationType, Region, ReportStatus, Role, Viewer } from '@lpt/shared/enums';

export const organizationTypeLabels: Record<OrganizationType, string> = {
  un_agency: 'UN agency',
  intergovernmental: 'Intergovernmental organisation',
  international_ngo: 'International NGO',
  national_ngo: 'National NGO',
  local_ngo: 'Local NGO',
  migrant_led: 'Migrant-led organisation',
  rcrc_national_society: 'Red Cross / Red Crescent national society',
  rcrc_international: 'Red Cross / Red Crescent international',
  government_national: 'National government',
  government_local: 'Local government',
  donor: 'Donor',
  private_sector: 'Private sector',
  academia: 'Academia',
  network: 'Network',
  other: 'Other',
};

export const regionLabels: Record<Region, string> = {
  africa: 'Africa',
  americas: 'Americas',
  asia: 'Asia',
  europe: 'Europe',
  oceania: 'Oceania',
};

export const commitmentLabels: Record<Commitment, string> = {
  collaboration: 'Collaboration',
  funding: 'Funding',
  needs: 'Joint needs identification',
  credit: 'Crediting local actors',
  capacity: 'Capacity strengthening',
};

export const reportStatusLabels: Record<ReportStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  approved: 'Approved',
};

export const roleLabels: Record<Role, string> = {
  coordinator: 'Coordinator',
  signatory: 'Signatory',
  donor: 'Donor',
};

/** Who reads a release's figures. */
export const viewerLabels: Record<Viewer, string> = {
  public: 'Public',
  donor: 'Donors',
};

/** A cell of a release's table ('' = all): "Africa, Local NGO", "All regions, Local NGO", "All regions, all organisation types". */
export function cellLabel(cell: { region: Region | ''; organizationType: OrganizationType | '' }): string {
  return [
    cell.region ? regionLabels[cell.region] : 'All regions',
    cell.organizationType ? organizationTypeLabels[cell.organizationType] : 'all organisation types',
  ].join(', ');
}
