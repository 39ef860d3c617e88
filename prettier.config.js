import config from '@switchyard/prettier-config';

export default config;
