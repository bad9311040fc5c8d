import { smsSegments } from '@casehub/channel-kit';

/** How an SMS body travels: its encoding and the number of segments a carrier bills. */
export interface Segmentation {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

/** Segments as Twilio counts them (Twilio's own calculator, through channel-kit); none for no body. */
export function segmentationOf(body: string): Segmentation {
  if (body === '') return { encoding: 'GSM-7', segments: 0 };
  const { encoding, segments } = smsSegments(body);
  return { encoding, segments };
}
