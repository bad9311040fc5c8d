// The keyword rule is the core's too (it records STOP and START on the contact): one home, the
// domain package.
export {
  consentKeyword,
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  type ConsentKeyword,
} from '@casehub/domain';
