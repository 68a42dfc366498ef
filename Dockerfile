# One image for every service; docker-compose.yml picks the service with its command.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app

# tsx runs the TypeScript sources and is a production dependency, so dev dependencies stay out.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .

# The files stay root's: the services only read them.
USER node
EXPOSE 4000
CMD ["npm", "run", "start:gateway"]
